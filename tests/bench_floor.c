/*
 * bench_floor SRC DST: the I/O floor of a build. Reads every file under
 * SRC (a finished out/) into memory, then writes the same bytes to the
 * same paths under DST (folders, open, write, close: what a build must do
 * at least) and prints the seconds the writing took.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct file {
	char *rel;
	char *data;
	size_t len;
	int dir; /* a folder to make, not a file */
};

static struct file *files;
static size_t nfiles, cap;

static void add(char *rel, char *data, size_t len, int dir)
{
	if (nfiles == cap) {
		cap = cap ? cap * 2 : 1024;
		files = realloc(files, cap * sizeof(*files));
		if (!files)
			exit(1);
	}
	files[nfiles++] = (struct file){rel, data, len, dir};
}

static void slurp(const char *root, const char *rel)
{
	char path[4096];
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (!(d = opendir(path)))
		return;
	while ((e = readdir(d))) {
		char sub[4096], full[4096];
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		if (lstat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			add(strdup(sub), NULL, 0, 1);
			slurp(root, sub);
		} else if (S_ISREG(st.st_mode)) {
			FILE *f = fopen(full, "rb");
			char *data = malloc((size_t)st.st_size + 1);
			size_t n = f && data ? fread(data, 1, (size_t)st.st_size, f) : 0;
			if (f)
				fclose(f);
			add(strdup(sub), data, n, 0);
		}
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	struct timespec a, b;
	size_t i;
	int root;

	if (argc != 3) {
		fputs("usage: bench_floor SRC DST\n", stderr);
		return 2;
	}
	slurp(argv[1], "");
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (mkdir(argv[2], 0777) != 0 ||
	    (root = open(argv[2], O_RDONLY | O_DIRECTORY)) < 0) {
		perror(argv[2]);
		return 1;
	}
	for (i = 0; i < nfiles; i++) {
		int fd;
		if (files[i].dir) {
			mkdirat(root, files[i].rel, 0777);
			continue;
		}
		fd = openat(root, files[i].rel, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd < 0 || write(fd, files[i].data, files[i].len) !=
		    (ssize_t)files[i].len || close(fd) != 0) {
			perror(files[i].rel);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.3f\n", (double)(b.tv_sec - a.tv_sec) +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	return 0;
}
