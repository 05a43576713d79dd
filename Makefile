# linli — GNU make. The user's CFLAGS/LDFLAGS win; what we need lives in
# LINLI_CFLAGS and LINLI_LIBS.

VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config

# The official Mustache spec; tests skip it (saying so) when it is absent,
# except under CI, where it must be there.
MUSTACHE_SPEC ?= ../shared/mustache-spec
# The users' content contract, whose examples must build (tests/format.t).
FORMAT_MD ?= ../shared/FORMAT.md

PKGS = yaml-0.1 libcmark libqrencode fontconfig libzip expat vips opencc \
	libmicrohttpd xlsxwriter
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wwrite-strings -Wformat=2
ifneq ($(WERROR)$(CI),)
WARN += -Werror
endif
LINLI_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	-MMD -MP -Igen $(shell $(PKG_CONFIG) --cflags $(PKGS)) \
	-DLINLI_VERSION='"$(VERSION)"'
LINLI_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lcsv -lm -pthread

SANITIZE = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

SRCS = $(wildcard gen/*.c)
# Generated at build time: the compiled message catalogs (po/*.po, msgfmt).
GEN_SRCS = build/gen/catalogs.c
LIB_SRCS = $(filter-out gen/main.c,$(SRCS)) $(GEN_SRCS)
TEST_SRCS = $(wildcard tests/unit_*.c) tests/mustache_spec.c
TEST_NAMES = $(basename $(notdir $(TEST_SRCS)))

OBJ = build/obj
ASAN = build/asan

# The default theme is compiled into linli: tools/embed-theme turns every
# file under THEME_DIR (at any depth) into build/theme_builtin.c. The
# folders are prerequisites too, so adding or removing a file remakes it.
THEME_DIR = themes/default
THEME_DEPS := $(shell find $(THEME_DIR) -name '.*' -prune -o -print)
THEME_C = build/theme_builtin.c

# Fuzz targets: every tests/fuzz/fuzz_NAME.c, with its seed corpus in
# tests/fuzz/NAME/ and its past findings in tests/fuzz/regress/NAME/.
# clang builds them as libFuzzer binaries in $(FUZZ); gcc builds the same
# targets with tests/fuzz/replay.c in $(ASAN)/fuzz, to replay those files
# in make check. make fuzz runs each for FUZZ_SECONDS; make check, under CI,
# for FUZZ_CHECK_SECONDS (30), else briefly (3), when libFuzzer is here.
CLANG ?= clang
FUZZ = build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= $(if $(CI),30,3)
FUZZ_SRCS = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES = $(basename $(notdir $(FUZZ_SRCS)))
FUZZ_OBJS = $(LIB_SRCS:gen/%.c=$(FUZZ)/obj/%.o) $(FUZZ)/obj/theme_builtin.o
# A smaller render budget (mustache.h) keeps endless templates fast.
FUZZ_CFLAGS = $(LINLI_CFLAGS) -O1 -g $(SANITIZE) -DMU_MAX_STEPS=1000000ul

all: linli

OBJS = $(SRCS:gen/%.c=$(OBJ)/%.o) $(GEN_SRCS:build/gen/%.c=$(OBJ)/%.o) \
	$(OBJ)/theme_builtin.o
ASAN_OBJS = $(OBJS:$(OBJ)/%=$(ASAN)/obj/%)

linli: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LINLI_LIBS)

# embed-theme runs during the build: BUILD_CC compiles it for this machine
# (set it when CC cross-compiles).
BUILD_CC ?= $(CC)
build/embed-theme: tools/embed-theme.c
	@mkdir -p build
	$(BUILD_CC) -std=c11 -D_DEFAULT_SOURCE $(WARN) -O2 -o $@ $<

$(THEME_C): build/embed-theme $(THEME_DEPS)
	build/embed-theme $(THEME_DIR) >$@.tmp && mv $@.tmp $@

$(OBJ)/theme_builtin.o: $(THEME_C) | $(OBJ)
	$(CC) $(LINLI_CFLAGS) $(CFLAGS) -c -o $@ $<

$(ASAN)/obj/theme_builtin.o: $(THEME_C) | $(ASAN)/obj
	$(CC) $(LINLI_CFLAGS) -O1 -g $(SANITIZE) -c -o $@ $<

$(OBJ)/%.o: gen/%.c | $(OBJ)
	$(CC) $(LINLI_CFLAGS) $(CFLAGS) -c -o $@ $<

$(OBJ)/%.o: build/gen/%.c | $(OBJ)
	$(CC) $(LINLI_CFLAGS) $(CFLAGS) -c -o $@ $<

# Messages: xgettext finds every _("..."), N_("..."), i18n_ngettext and
# diagnostic format in gen/; translators edit po/LANG.po (`make po` merges
# new messages in); msgfmt --check compiles each catalog, and the binary
# carries them (build/gen/catalogs.c), so it speaks Chinese uninstalled.
LINGUAS = zh_CN zh_TW
XGETTEXT = xgettext --from-code=UTF-8 --language=C --sort-output \
	--add-location=file --package-name=linli --package-version=$(VERSION) \
	--keyword=_ --keyword=N_ --keyword=i18n_ngettext:1,2 \
	--keyword=diag_error:3 --keyword=diag_warning:3 \
	--keyword=diag_verror:3 --flag=diag_error:3:c-format \
	--flag=diag_warning:3:c-format --flag=diag_verror:3:c-format \
	--keyword=usage_error:1 --flag=usage_error:1:c-format \
	--keyword=report:3 --flag=report:3:c-format \
	--keyword=fail:2 --flag=fail:2:c-format \
	--keyword=fail:4 --flag=fail:4:c-format \
	--keyword=diag_warning_group:4 \
	--flag=diag_warning_group:4:c-format --flag=buf_printf:2:c-format \
	--flag=arena_printf:2:c-format \
	--flag=_:1:pass-c-format
MO = $(LINGUAS:%=build/po/%.mo)

build/po/linli.pot: $(SRCS) $(wildcard gen/*.h) | build/po
	$(XGETTEXT) -o $@ $(sort $(SRCS) $(wildcard gen/*.h))

build/po/%.mo: po/%.po | build/po
	msgfmt --check -o $@ $<

build/gen/catalogs.c: $(MO) tools/embed-catalogs.sh | build/gen
	sh tools/embed-catalogs.sh $(MO) >$@.tmp && mv $@.tmp $@

po: build/po/linli.pot
	for l in $(LINGUAS); do \
		msgmerge --quiet --update --backup=none --no-fuzzy-matching \
			--add-location=file --sort-output po/$$l.po $<; done

build/po build/gen:
	mkdir -p $@

# The sanitizer build: the generator and every test program.
$(ASAN)/obj/%.o: gen/%.c | $(ASAN)/obj
	$(CC) $(LINLI_CFLAGS) -O1 -g $(SANITIZE) -c -o $@ $<

$(ASAN)/obj/%.o: build/gen/%.c | $(ASAN)/obj
	$(CC) $(LINLI_CFLAGS) -O1 -g $(SANITIZE) -c -o $@ $<

$(ASAN)/linli: $(ASAN_OBJS)
	$(CC) $(SANITIZE) -o $@ $^ $(LINLI_LIBS)

$(ASAN)/tests/%: tests/%.c $(filter-out $(ASAN)/obj/main.o,$(ASAN_OBJS)) | $(ASAN)/tests
	$(CC) $(LINLI_CFLAGS) -Itests -O1 -g $(SANITIZE) -o $@ $^ $(LINLI_LIBS)

$(ASAN)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c \
    $(LIB_SRCS:gen/%.c=$(ASAN)/obj/%.o) $(ASAN)/obj/theme_builtin.o | $(ASAN)/fuzz
	$(CC) $(LINLI_CFLAGS) -Itests/fuzz -O1 -g $(SANITIZE) -o $@ \
		$(filter %.c %.o,$^) $(LINLI_LIBS)

$(FUZZ)/obj/theme_builtin.o: $(THEME_C) | $(FUZZ)/obj
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ)/obj/%.o: gen/%.c | $(FUZZ)/obj
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS) | $(FUZZ)
	$(CLANG) $(FUZZ_CFLAGS) -Itests/fuzz -fsanitize=fuzzer -o $@ \
		$(filter %.c %.o,$^) $(LINLI_LIBS)

$(OBJ) $(ASAN)/obj $(ASAN)/tests $(ASAN)/fuzz $(FUZZ) $(FUZZ)/obj:
	mkdir -p $@

fuzz-bins: $(FUZZ_NAMES:%=$(FUZZ)/%)

# Kept between runs, though only pattern rules name them.
.SECONDARY: $(FUZZ_OBJS)

# True when clang can link a libFuzzer program (Debian: clang and
# libclang-rt-14-dev); under CI it must.
have_libfuzzer = { [ -n "$(CI)" ] || { mkdir -p $(FUZZ) && \
	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' | \
	$(CLANG) -x c -fsanitize=fuzzer -o $(FUZZ)/probe - 2>/dev/null; }; }

fuzz: fuzz-bins
	FUZZ_BIN=$(CURDIR)/$(FUZZ) TOP=$(CURDIR) tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

# Every test prints TAP; prove runs them all and prints the summary.
# LINLI is the sanitizer-built binary, so end-to-end tests run under ASan
# and UBSan too; any sanitizer report fails the test that triggered it.
check: linli $(ASAN)/linli $(TEST_NAMES:%=$(ASAN)/tests/%) \
    $(FUZZ_NAMES:%=$(ASAN)/fuzz/%)
	@if $(have_libfuzzer); then $(MAKE) fuzz-bins; else \
		echo "make check: $(CLANG) cannot link libFuzzer programs; the fuzz targets are only replayed"; fi
	LINLI=$(CURDIR)/$(ASAN)/linli TESTBIN=$(CURDIR)/$(ASAN)/tests \
	FUZZ_REPLAY=$(CURDIR)/$(ASAN)/fuzz FUZZ_BIN=$(CURDIR)/$(FUZZ) \
	FUZZ_CHECK_SECONDS=$(FUZZ_CHECK_SECONDS) \
	MUSTACHE_SPEC='$(abspath $(MUSTACHE_SPEC))' TOP=$(CURDIR) \
	FORMAT_MD='$(abspath $(FORMAT_MD))' \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	prove -f -e '' $(TEST_NAMES:%=$(ASAN)/tests/%) tests/*.t

# Slower tests, kept out of check: a build of 100,000 activities (the
# plain binary, for time's sake).
check-slow: linli
	LINLI=$(CURDIR)/linli TOP=$(CURDIR) prove -f -e '' tests/slow/*.t

bench: linli build/bench_floor
	./tests/bench.sh

build/bench_floor: tests/bench_floor.c | $(OBJ)
	$(CC) -O2 -o $@ tests/bench_floor.c

# The theme is inside the binary: nothing but linli and its manual.
install: linli
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 linli $(DESTDIR)$(BINDIR)/linli
	install -m 644 docs/linli.1 $(DESTDIR)$(MANDIR)/man1/linli.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/linli $(DESTDIR)$(MANDIR)/man1/linli.1

clean:
	rm -rf build linli

.PHONY: all check check-slow bench fuzz fuzz-bins install uninstall clean po

-include $(wildcard $(OBJ)/*.d $(ASAN)/obj/*.d $(ASAN)/tests/*.d \
    $(ASAN)/fuzz/*.d $(FUZZ)/obj/*.d $(FUZZ)/*.d)
