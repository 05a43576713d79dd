# linli — GNU make. The user's CFLAGS/LDFLAGS win; what we need lives in
# LINLI_CFLAGS and LINLI_LIBS.

VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/linli
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config

# The official Mustache spec; tests skip it (saying so) when it is absent,
# except under CI, where it must be there.
MUSTACHE_SPEC ?= ../shared/mustache-spec

PKGS = yaml-0.1 libcmark libqrencode fontconfig
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wwrite-strings -Wformat=2
ifneq ($(WERROR)$(CI),)
WARN += -Werror
endif
LINLI_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	-MMD -MP -Igen $(shell $(PKG_CONFIG) --cflags $(PKGS)) \
	-DLINLI_VERSION='"$(VERSION)"' -DLINLI_DATADIR='"$(DATADIR)"'
LINLI_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lcsv -lm -pthread

SANITIZE = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

SRCS = $(wildcard gen/*.c)
LIB_SRCS = $(filter-out gen/main.c,$(SRCS))
TEST_SRCS = $(wildcard tests/unit_*.c) tests/mustache_spec.c
TEST_NAMES = $(basename $(notdir $(TEST_SRCS)))

OBJ = build/obj
ASAN = build/asan

all: linli

linli: $(SRCS:gen/%.c=$(OBJ)/%.o)
	$(CC) $(LDFLAGS) -o $@ $^ $(LINLI_LIBS)

$(OBJ)/%.o: gen/%.c | $(OBJ)
	$(CC) $(LINLI_CFLAGS) $(CFLAGS) -c -o $@ $<

# The sanitizer build: the generator and every test program.
$(ASAN)/obj/%.o: gen/%.c | $(ASAN)/obj
	$(CC) $(LINLI_CFLAGS) -O1 -g $(SANITIZE) -c -o $@ $<

$(ASAN)/linli: $(SRCS:gen/%.c=$(ASAN)/obj/%.o)
	$(CC) $(SANITIZE) -o $@ $^ $(LINLI_LIBS)

$(ASAN)/tests/%: tests/%.c $(LIB_SRCS:gen/%.c=$(ASAN)/obj/%.o) | $(ASAN)/tests
	$(CC) $(LINLI_CFLAGS) -Itests -O1 -g $(SANITIZE) -o $@ $^ $(LINLI_LIBS)

$(OBJ) $(ASAN)/obj $(ASAN)/tests:
	mkdir -p $@

# Every test prints TAP; prove runs them all and prints the summary.
# LINLI is the sanitizer-built binary, so end-to-end tests run under ASan
# and UBSan too; any sanitizer report fails the test that triggered it.
check: linli $(ASAN)/linli $(TEST_NAMES:%=$(ASAN)/tests/%)
	LINLI=$(CURDIR)/$(ASAN)/linli TESTBIN=$(CURDIR)/$(ASAN)/tests \
	MUSTACHE_SPEC='$(abspath $(MUSTACHE_SPEC))' TOP=$(CURDIR) \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	prove -f -e '' $(TEST_NAMES:%=$(ASAN)/tests/%) tests/*.t

bench: linli build/bench_floor
	./tests/bench.sh

build/bench_floor: tests/bench_floor.c | $(OBJ)
	$(CC) -O2 -o $@ tests/bench_floor.c

install: linli
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/themes \
		$(DESTDIR)$(MANDIR)/man1
	install -m 755 linli $(DESTDIR)$(BINDIR)/linli
	cp -R themes/default $(DESTDIR)$(DATADIR)/themes/
	install -m 644 docs/linli.1 $(DESTDIR)$(MANDIR)/man1/linli.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/linli $(DESTDIR)$(MANDIR)/man1/linli.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build linli

.PHONY: all check bench install uninstall clean

-include $(wildcard $(OBJ)/*.d $(ASAN)/obj/*.d $(ASAN)/tests/*.d)
