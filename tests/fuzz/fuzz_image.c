/*
 * fuzz_image: the image header reader (load_media.c) that gives photos
 * their width and height. The input is written to a file, as a photo in
 * content/media/ would be, and measured.
 */
#include <assert.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "fuzz.h"

/* In memory (/dev/shm) when the system has it: a file on disk costs a
 * hundred times more per input. */
static const char *photo_path(void)
{
	static char path[96];
	struct stat st;

	if (path[0])
		return path;
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		snprintf(path, sizeof(path), "/dev/shm/linli-fuzz-photo-%ld",
		    (long)getpid());
	else
		snprintf(path, sizeof(path), "%s/photo", fuzz_root());
	return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = photo_path();
	int fd, w = 0, h = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) ||
	    close(fd) != 0) {
		perror(path);
		abort();
	}
	if (load_image_size(path, &w, &h))
		assert(w > 0 && h > 0 && w <= 100000 && h <= 100000);
	return 0;
}

/* The file in /dev/shm goes with the process. */
__attribute__((destructor)) static void remove_photo(void)
{
	unlink(photo_path());
}
