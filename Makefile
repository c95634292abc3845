# Two entry points for a fresh Debian machine (run as root, or with sudo on PATH):
#   make run   install missing packages, build, run the default job
#   make test  install missing packages, build, run every test
PACKAGES := g++ cmake make python3-dev python3-numpy pybind11-dev libcli11-dev \
            libspdlog-dev doctest-dev
PRESET   ?= default
BUILD    := build

.PHONY: deps build run test clean

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j$$(nproc)

run: build
	./$(BUILD)/arrayfeed run --config config/default.toml

test: build
	ctest --preset $(PRESET)

clean:
	rm -rf $(BUILD)
