# The two commands: `make run` and `make test`. Both install missing Debian packages first.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: deps configure build run test bench asan format clean package fuzz soak screenshots

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Builds only what it runs: the kiosk binary (no tests, no benchmarks).
run: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target kiosk
	$(BUILD_DIR)/bin/kiosk run --sim

# The Debian package (build/package/kiosk_<version>_<arch>.deb): the kiosk binary only, not the tests.
package: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target kiosk
	@cd $(BUILD_DIR) && cpack -G DEB -B package

test: build
	@scripts/run-tests.sh $(BUILD_DIR)

bench: build
	@scripts/run-benches.sh $(BUILD_DIR)

# Every customer screen and state in kk, ru and en at 1080x1920, 1920x1080 and 800x1280 (Debian's
# chromium, no kiosk needed): build/screenshots/<lang>/<size>/NN-name.png and index.html.
screenshots:
	@bash scripts/install-browser-test-deps.sh
	@node tests/browser/screenshots.mjs $(BUILD_DIR)/screenshots

# The test suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
asan:
	@$(MAKE) test BUILD_DIR=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DKIOSK_SANITIZE=ON"

# Coverage-guided fuzzing (clang-14 + libFuzzer, ASan + UBSan, in build-fuzz): every target for
# FUZZ_SECONDS each. `make fuzz FUZZ_SECONDS=300 FUZZ_TARGETS="ccnet_codec_fuzz"`.
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" scripts/fuzz.sh

# Long runs: see scripts/soak.sh for its steps (SOAK_KILLS kills of the real process, ...).
soak: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target kiosk
	@scripts/soak.sh $(BUILD_DIR)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) build-asan build-fuzz
