# Three entry points for a fresh Debian machine (run as root, or with sudo on PATH):
#   make run    install missing packages, build, run the default job
#   make test   install missing packages, build, run every test
#   make bench  the same set-up plus matplotlib and OpenBLAS (NumPy's baseline), then the benchmarks
#               (tests/bench, a few minutes)
# Installing (see README, "Installing"):
#   make install PREFIX=DIR   cmake --install into DIR (default /usr/local)
#   make package              build/arrayfeed_<version>_<arch>.deb (CPack)
# Checks (see README, "Sanitizers, fuzzing and the soak"):
#   make asan   every unit and e2e test under AddressSanitizer + UndefinedBehaviorSanitizer
#   make tsan   the tests of concurrent code under ThreadSanitizer
#   make fuzz   each libFuzzer target: its corpus replayed, then FUZZ_SECONDS of mutation
#   make soak   long runs whose memory must stay flat (tests/bench/soak.py)
#   make lint   clang-tidy over app/ (.clang-tidy: no function longer than 60 lines)
# help2man writes the man page, dpkg-dev's dpkg-shlibdeps the .deb's dependencies; pkg-config: tests/sdk.
# Open MPI (and mpi4py for ctx.comm) for scale-out: the build has it whenever found (ARRAYFEED_MPI=AUTO).
PACKAGES       := g++ cmake make python3-dev python3-numpy pybind11-dev libcli11-dev \
                  libspdlog-dev doctest-dev libtomlplusplus-dev valgrind \
                  help2man dpkg-dev pkg-config libopenmpi-dev openmpi-bin python3-mpi4py
TEST_PACKAGES  := python3-pandas python3-matplotlib
BENCH_PACKAGES := python3-matplotlib libopenblas0-pthread
FUZZ_PACKAGES  := clang libclang-rt-14-dev
LINT_PACKAGES  := clang-tidy
FUZZ_SECONDS   ?= 60
PRESET   ?= default
BUILD    := build
PREFIX   ?= /usr/local

.PHONY: deps test-deps bench-deps fuzz-deps lint-deps build run test bench install package asan tsan fuzz soak lint clean

# Installs those of the Debian packages $(1) that are missing.
define install_missing
	@missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps:
	$(call install_missing,$(PACKAGES))

# What the tests alone need: pandas for the yields viewed through __array__.
test-deps:
	$(call install_missing,$(TEST_PACKAGES))

bench-deps:
	$(call install_missing,$(BENCH_PACKAGES))

fuzz-deps:
	$(call install_missing,$(FUZZ_PACKAGES))

lint-deps:
	$(call install_missing,$(LINT_PACKAGES))

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j$$(nproc)

run: build
	./$(BUILD)/arrayfeed run --config config/default.toml

test: build test-deps
	ctest --preset $(PRESET)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

package: build
	cd $(BUILD) && cpack

bench: build bench-deps
	/usr/bin/python3 tests/bench/run_bench.py --build $(BUILD) --out tests/bench/results
	/usr/bin/python3 tests/bench/host_instructions.py --build $(BUILD) --json tests/bench/results/host_instructions.json
	/usr/bin/python3 tests/bench/scale_out.py --build $(BUILD) --out tests/bench/results

# Configures, builds and tests one of the presets asan, tsan, fuzz.
define preset_check
	@cmake --preset $(1) >/dev/null
	@cmake --build --preset $(1) -j$$(nproc)
	ctest --preset $(1)
endef

asan: deps test-deps
	$(call preset_check,asan)

tsan: deps test-deps
	$(call preset_check,tsan)

fuzz: deps fuzz-deps
	$(call preset_check,fuzz)
	tests/fuzz/run_fuzzers.sh build-fuzz $(FUZZ_SECONDS)

soak: build
	/usr/bin/python3 tests/bench/soak.py --build $(BUILD)

# Needs only the configured build: its compile_commands.json (every header
# clang-tidy reads is there or generated at configure time). The per-file
# command and "N warnings generated" lines are dropped so a finding is not
# buried under a hundred lines of them.
lint: deps lint-deps
	@cmake --preset default >/dev/null
	@bash -o pipefail -c "run-clang-tidy -p $(BUILD) -quiet -j$$(nproc) '$(CURDIR)/app/' 2>&1 \
	  | awk '!/^clang-tidy-[0-9]+ / && !/^[0-9]+ warnings? generated\.$$/'"

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz
