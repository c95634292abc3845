# Three entry points for a fresh Debian machine (run as root, or with sudo on PATH):
#   make run    install missing packages, build, run the default job
#   make test   install missing packages, build, run every test
#   make bench  the same set-up plus matplotlib, then the benchmark (tests/bench, a few minutes)
PACKAGES       := g++ cmake make python3-dev python3-numpy pybind11-dev libcli11-dev \
                  libspdlog-dev doctest-dev libtomlplusplus-dev
BENCH_PACKAGES := python3-matplotlib
PRESET   ?= default
BUILD    := build

.PHONY: deps bench-deps build run test bench clean

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

bench-deps:
	$(call install_missing,$(BENCH_PACKAGES))

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j$$(nproc)

run: build
	./$(BUILD)/arrayfeed run --config config/default.toml

test: build
	ctest --preset $(PRESET)

bench: build bench-deps
	/usr/bin/python3 tests/bench/run_bench.py --build $(BUILD) --out tests/bench/results

clean:
	rm -rf $(BUILD)
