# The README's quick start: `make run` and `make test` on a fresh Debian 12 machine.
.PHONY: run build test deps web install bench soak fuzz format clean

BUILD_DIR ?= build
PREFIX ?= /usr/local
DESTDIR ?=
DATA_DIR ?= ./var
PORT ?= 8080
JOBS ?= $(shell nproc)

deps:
	@scripts/install-deps.sh run

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) --target healthflow -j$(JOBS)

web: deps
	@if [ -f web/vite.config.ts ]; then npm run --silent build:web; fi

# Serves the portals on http://localhost:8080 with the embedded SQLite database and demo data.
# The demo relaxes the second factor (DEMO_MFA_ROLES, empty by default) so a newcomer can log in
# without an authenticator app; production keeps MFA_REQUIRED_ROLES=admin,doctor.
DEMO_MFA_ROLES ?=
run: build web
	./$(BUILD_DIR)/healthflow migrate up --data-dir $(DATA_DIR)
	./$(BUILD_DIR)/healthflow demo seed --data-dir $(DATA_DIR)
	MFA_REQUIRED_ROLES="$(DEMO_MFA_ROLES)" ./$(BUILD_DIR)/healthflow serve --port $(PORT) --data-dir $(DATA_DIR)

test:
	@scripts/test.sh

# libFuzzer targets (clang, build-fuzz/): FUZZ_SECONDS in all, split across the targets.
fuzz:
	@fuzz/run.sh

bench: build
	@scripts/install-deps.sh bench
	@cmake --build $(BUILD_DIR) --target micro_bench -j$(JOBS) >/dev/null 2>&1 || true
	@HF_BINARY=$(abspath $(BUILD_DIR))/healthflow bench/run-all.sh

soak:
	@scripts/install-deps.sh bench
	@bench/soak.sh
	@bench/security-scan.sh $(BUILD_DIR)/healthflow

install: build web
	DESTDIR=$(DESTDIR) cmake --install $(BUILD_DIR) --prefix $(PREFIX)

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/unit/*.cpp' 'bench/*.cpp')

clean:
	rm -rf build build-asan web/dist
