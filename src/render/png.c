/*
 * PNG frames: stb_image_write (encoding, with zlib plugged in through its
 * STBIW_ZLIB_COMPRESS hook), stb_image (decoding), atomic file writes. The stb
 * implementations are compiled here and nowhere else, static to this file.
 *
 * The encoder settings were measured on a typical 1280x720 UI frame (60 flat
 * boxes and borders, the one tests/bench/bench_render.c encodes), whole encode
 * with the zlib settings below, median CPU ms:
 *
 *     PNG filter (forced)        encode    size
 *     0 none                      4.7 ms   33 KB
 *     1 sub                       9.0 ms   30 KB
 *     2 up                       10.1 ms   17 KB
 *     3 average                   6.5 ms   31 KB
 *     4 paeth                    10.3 ms   17 KB
 *     stb's per-row choice       28.7 ms   17 KB
 *
 * zlib's cost follows its input size (adler32, the window copy, the matcher) and
 * hardly the filter, while stb's filter loops are byte loops that -O2 does not
 * vectorize. On flat boxes zlib's matcher already finds what a filter would
 * remove: an identical row is a match one row back (inside the 32 KB window), a
 * flat run a match one pixel back. So the filter is 0 (none): the fastest by 2-6
 * ms, for a file twice the size of "up" but still ~100x smaller than the frame.
 * zlib runs at level 1 with memLevel 4: it slides its whole hash table every 32 KB
 * of input, which at the default memLevel 8 (32K heads) costs ~1 ms more here
 * than 2K heads, for the same matches (33.5 KB vs 33.7 KB).
 *
 * Opaque frames (all of a page with an opaque background) are written as RGB,
 * not RGBA: a quarter less for stb and zlib to chew, ~1.5 ms; decoding gives
 * alpha 255 back. Frames with translucent pixels are written as straight RGBA.
 */
#include "render/png.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "frameloop/error.h"
#include "frameloop/loop.h" /* FL_PRINTF_LIKE */

#define PNG_FILTER    0 /* stbi_write_force_png_filter: none (see above) */
#define ZLIB_LEVEL    1
#define ZLIB_MEMLEVEL 4
#define MAX_FILE      ((size_t)INT_MAX) /* stb takes int lengths */

static unsigned char *png_deflate(unsigned char *data, int len, int *out_len, int quality);

/* ---- stb (compiled once, static) ------------------------------------------------------------ */

#define STBIW_ZLIB_COMPRESS   png_deflate
#define STBIW_CRC32(buf, len) ((unsigned int)crc32(0, (buf), (uInt)(len)))
#define STBI_WRITE_NO_STDIO
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_MAX_DIMENSIONS FL__FB_MAX_DIM

/* Third-party code: our warning flags are not its style (shadowing, sign
 * comparisons); it is not ours to change. Unused-function stays off for the whole
 * file: GCC reports stb's declared-but-unused static functions at its very end. */
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
#include "stb_image_write.h"
#include "stb_image.h"
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* stb's filter choice is a global of this file: set once, before the first
 * encode, then only read, so encoder threads never race on it. */
static pthread_once_t png_once = PTHREAD_ONCE_INIT;

static void png_init(void)
{
    stbi_write_force_png_filter = PNG_FILTER;
}

/* The STBIW_ZLIB_COMPRESS hook: a zlib stream of `data` in a malloc'd buffer (stb
 * frees it with STBIW_FREE, i.e. free), or NULL. stb's `quality` (its own level
 * 8) is ignored: the level is ours. The buffer starts small and doubles, rather
 * than deflateBound's ~input size, since frames compress ~100:1. */
static unsigned char *png_deflate(unsigned char *data, int len, int *out_len, int quality)
{
    (void)quality;
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    if (deflateInit2(&zs, ZLIB_LEVEL, Z_DEFLATED, 15, ZLIB_MEMLEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    size_t cap = (size_t)len / 32 + 4096;
    unsigned char *out = malloc(cap);
    zs.next_in = data;
    zs.avail_in = (uInt)len;
    while (out) {
        zs.next_out = out + zs.total_out;
        zs.avail_out = (uInt)(cap - zs.total_out);
        int rc = deflate(&zs, Z_FINISH);
        if (rc == Z_STREAM_END)
            break;
        /* Z_OK: the output is full; give deflate twice the room and go on. */
        unsigned char *bigger = rc == Z_OK && cap <= MAX_FILE / 2 ? realloc(out, 2 * cap) : NULL;
        if (!bigger)
            free(out);
        out = bigger;
        cap *= 2;
    }
    if (out)
        *out_len = (int)zs.total_out;
    deflateEnd(&zs);
    return out;
}

/* ---- Messages ------------------------------------------------------------------------------- */

static int fail(char *msg, size_t size, const char *fmt, ...) FL_PRINTF_LIKE(3, 4);

/* Writes the message (when there is a buffer) and returns FL_EIO. */
static int fail(char *msg, size_t size, const char *fmt, ...)
{
    if (msg && size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, size, fmt, ap);
        va_end(ap);
    }
    return FL_EIO;
}

/* "<path>: <what>: <the system's reason>" for errno `err`, as FL_EIO. */
static int fail_sys(char *msg, size_t size, const char *path, const char *what, int err)
{
    char reason[128];
    /* strerror_r, not strerror: the encoder thread writes files too. */
    if (strerror_r(err, reason, sizeof(reason)) != 0)
        snprintf(reason, sizeof(reason), "error %d", err);
    return fail(msg, size, "%s: %s%s%s", path, what, *what ? ": " : "", reason);
}

/* ---- Encoding ------------------------------------------------------------------------------- */

/* A straight-alpha copy of a framebuffer that has translucent pixels. */
static uint8_t *straight_copy(const fl__fb *fb)
{
    uint32_t *copy = malloc((size_t)fb->height * fb->stride);
    if (!copy)
        return NULL;
    for (int y = 0; y < fb->height; y++) {
        const uint32_t *src = fl__fb_row(fb, y);
        uint32_t *dst = copy + (size_t)y * (fb->stride / 4);
        for (int x = 0; x < fb->width; x++) {
            fl_color c = fl__px_unpremultiply(src[x]);
            dst[x] = fl__px_pack(c.r, c.g, c.b, c.a);
        }
    }
    return (uint8_t *)copy;
}

/* An opaque frame as packed RGB rows (PNG color type 2): zlib then skips a
 * constant alpha channel, a quarter of its input. Checks opacity on the way:
 * @return the rows, or NULL at a translucent pixel (*opaque = false) or when out
 *         of memory. */
static uint8_t *rgb_copy(const fl__fb *fb, bool *opaque)
{
    size_t row = (size_t)fb->width * 3;
    uint32_t mask = fl__px_pack(0, 0, 0, 255);
    /* +1: each pixel is copied as 4 bytes, the 4th overwritten by the next pixel. */
    uint8_t *rgb = malloc(row * (size_t)fb->height + 1);
    *opaque = true;
    for (int y = 0; rgb && y < fb->height; y++) {
        const uint32_t *src = fl__fb_row(fb, y);
        uint8_t *dst = rgb + (size_t)y * row;
        uint32_t all = mask;
        for (int x = 0; x < fb->width; x++) {
            all &= src[x];
            memcpy(dst + (size_t)x * 3, &src[x], 4);
        }
        if ((all & mask) != mask) {
            *opaque = false;
            free(rgb);
            rgb = NULL;
        }
    }
    return rgb;
}

int fl__png_encode(const fl__fb *fb, uint8_t **png, size_t *len)
{
    if (!png)
        return FL_EINVAL;
    *png = NULL;
    if (!fb || !len)
        return FL_EINVAL;
    pthread_once(&png_once, png_init);
    /* An opaque frame's stored bytes are its straight colors: RGB is a plain copy. */
    bool opaque;
    uint8_t *copy = rgb_copy(fb, &opaque);
    if (!opaque)
        copy = straight_copy(fb);
    if (!copy)
        return FL_ENOMEM;
    int n = 0;
    unsigned char *bytes = stbi_write_png_to_mem(copy, opaque ? fb->width * 3 : (int)fb->stride,
                                                 fb->width, fb->height, opaque ? 3 : 4, &n);
    free(copy);
    if (!bytes)
        return FL_EIO; /* stb_image_write: 0 (NULL) on failure */
    *png = bytes;
    *len = (size_t)n;
    return 0;
}

void fl__png_free(uint8_t *png)
{
    free(png); /* stb allocates with STBIW_MALLOC, i.e. malloc */
}

/* ---- Atomic file writes --------------------------------------------------------------------- */

static atomic_uint temp_serial;

/* "<dir>/.<name>.tmp-<pid>-<serial>": in the same directory (so rename is atomic),
 * hidden, and unique among the threads and processes writing there. */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    size_t size = strlen(path) + 64;
    char *tmp = malloc(size);
    if (tmp)
        snprintf(tmp, size, "%.*s.%s.tmp-%ld-%u", (int)dir_len, path, path + dir_len,
                 (long)getpid(), atomic_fetch_add(&temp_serial, 1));
    return tmp;
}

/* write() until done (regular files may still write short, e.g. at a size limit). */
static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n > (size_t)SSIZE_MAX ? (size_t)SSIZE_MAX : n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Makes the rename durable. Best effort: some file systems refuse to fsync a
 * directory, and the new file is complete either way. */
static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
    if (!dir)
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Writes, flushes and closes `fd`. @return NULL, or the failed step with errno set. */
static const char *fill_temp(int fd, const void *data, size_t len)
{
    const char *step = NULL;
    if (write_all(fd, data, len) != 0)
        step = "write";
    else if (fsync(fd) != 0)
        step = "fsync";
    int err = errno;
    if (close(fd) != 0 && !step)
        return "close";
    errno = err;
    return step;
}

int fl__png_write_file(const char *path, const void *data, size_t len, char *msg, size_t msg_size)
{
    if (!path || (!data && len))
        return FL_EINVAL;
    char *tmp = temp_name(path);
    if (!tmp)
        return FL_ENOMEM;
    int rc = 0;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        rc = fail_sys(msg, msg_size, path, "cannot create a temporary file beside it", errno);
        free(tmp);
        return rc;
    }
    const char *step = fill_temp(fd, data, len);
    if (!step && rename(tmp, path) != 0)
        step = "rename";
    if (step) {
        int err = errno;
        unlink(tmp); /* the old file, if any, was never touched */
        rc = fail_sys(msg, msg_size, path, step, err);
    } else {
        sync_dir(path);
    }
    free(tmp);
    return rc;
}

int fl__png_save(const fl__fb *fb, const char *path, char *msg, size_t msg_size)
{
    if (!path)
        return FL_EINVAL;
    uint8_t *png;
    size_t len;
    int rc = fl__png_encode(fb, &png, &len);
    if (rc == FL_EIO)
        fail(msg, msg_size, "%s: PNG encoding failed", path);
    if (rc != 0)
        return rc;
    rc = fl__png_write_file(path, png, len, msg, msg_size);
    fl__png_free(png);
    return rc;
}

/* ---- Decoding ------------------------------------------------------------------------------- */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A chunk type for a message: four letters, or "????" for garbage. */
static void chunk_name(const uint8_t *type, char name[5])
{
    for (int i = 0; i < 4; i++) {
        char c = (char)type[i];
        name[i] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ? c : '?';
    }
    name[4] = '\0';
}

/* Walks the chunks from the signature to IEND, checking lengths and CRCs. */
static int check_chunks(const uint8_t *p, size_t len, char *msg, size_t size)
{
    static const uint8_t signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    if (len < 8 || memcmp(p, signature, 8) != 0)
        return fail(msg, size, "not a PNG file (no PNG signature)");
    for (size_t off = 8;;) {
        if (len - off < 12)
            return fail(msg, size, "truncated PNG: %zu bytes, no IEND chunk", len);
        uint32_t n = be32(p + off);
        char name[5];
        chunk_name(p + off + 4, name);
        if (n > len - off - 12)
            return fail(msg, size, "truncated PNG: chunk %s at byte %zu needs %lu bytes, %zu left",
                        name, off, (unsigned long)n + 12, len - off);
        if ((uint32_t)crc32(0, p + off + 4, n + 4) != be32(p + off + 8 + n))
            return fail(msg, size, "corrupt PNG: CRC mismatch in chunk %s at byte %zu", name, off);
        if (off == 8 && memcmp(name, "IHDR", 4) != 0)
            return fail(msg, size, "corrupt PNG: the first chunk is %s, not IHDR", name);
        if (memcmp(name, "IEND", 4) == 0)
            return 0;
        off += 12 + (size_t)n;
    }
}

/* Copies stb's straight RGBA rows into `fb`, premultiplying (exact inverse of encoding). */
static void premultiply_into(fl__fb *fb, const uint8_t *rgba)
{
    for (int y = 0; y < fb->height; y++) {
        uint32_t *row = fl__fb_row(fb, y);
        for (int x = 0; x < fb->width; x++, rgba += 4)
            row[x] = fl__px_premultiply((fl_color){rgba[0], rgba[1], rgba[2], rgba[3]});
    }
}

/* Checks the size stb reads from IHDR against the caller's expectation and our limit. */
static int check_size(const uint8_t *data, size_t len, int want_w, int want_h, char *msg,
                      size_t size)
{
    int w, h, comp;
    if (!stbi_info_from_memory(data, (int)len, &w, &h, &comp))
        return fail(msg, size, "corrupt PNG: %s", stbi_failure_reason());
    if ((want_w > 0 && w != want_w) || (want_h > 0 && h != want_h))
        return fail(msg, size, "PNG is %dx%d, expected %dx%d", w, h, want_w > 0 ? want_w : w,
                    want_h > 0 ? want_h : h);
    if (w > FL__FB_MAX_DIM || h > FL__FB_MAX_DIM)
        return fail(msg, size, "PNG is %dx%d, larger than %d in a dimension", w, h, FL__FB_MAX_DIM);
    return 0;
}

int fl__png_decode(const void *data, size_t len, int want_w, int want_h, fl__fb **out, char *msg,
                   size_t msg_size)
{
    if (!out)
        return FL_EINVAL;
    *out = NULL;
    if (!data)
        return FL_EINVAL;
    if (len > MAX_FILE)
        return fail(msg, msg_size, "PNG of %zu bytes is too large", len);
    int rc = check_chunks(data, len, msg, msg_size);
    if (rc == 0)
        rc = check_size(data, len, want_w, want_h, msg, msg_size);
    if (rc != 0)
        return rc;
    int w, h, comp;
    stbi_uc *rgba = stbi_load_from_memory(data, (int)len, &w, &h, &comp, 4);
    if (!rgba) /* stb_image: NULL on failure, with a thread-local reason */
        return fail(msg, msg_size, "corrupt PNG: %s", stbi_failure_reason());
    fl__fb *fb = fl__fb_new(w, h);
    if (fb)
        premultiply_into(fb, rgba);
    stbi_image_free(rgba);
    if (!fb)
        return FL_ENOMEM;
    *out = fb;
    return 0;
}

/* Reads a whole regular file. @return 0, FL_ENOMEM or FL_EIO (with msg). */
static int read_file(const char *path, uint8_t **data, size_t *len, char *msg, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail_sys(msg, size, path, "", errno);
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) != 0)
        rc = fail_sys(msg, size, path, "fstat", errno);
    else if (!S_ISREG(st.st_mode))
        rc = fail(msg, size, "%s: not a regular file", path);
    else if ((uintmax_t)st.st_size > MAX_FILE)
        rc = fail(msg, size, "%s: too large for a frame (%jd bytes)", path, (intmax_t)st.st_size);
    else if (!(*data = malloc((size_t)st.st_size + 1)))
        rc = FL_ENOMEM;
    for (*len = 0; rc == 0 && *len < (size_t)st.st_size;) {
        ssize_t r = read(fd, *data + *len, (size_t)st.st_size - *len);
        if (r < 0 && errno != EINTR)
            rc = fail_sys(msg, size, path, "read", errno);
        if (r == 0) /* the file shrank meanwhile: decode what there is */
            break;
        *len += r > 0 ? (size_t)r : 0;
    }
    close(fd);
    return rc;
}

int fl__png_load(const char *path, int want_w, int want_h, fl__fb **out, char *msg, size_t msg_size)
{
    if (!out)
        return FL_EINVAL;
    *out = NULL;
    if (!path)
        return FL_EINVAL;
    uint8_t *data = NULL;
    size_t len = 0;
    int rc = read_file(path, &data, &len, msg, msg_size);
    if (rc == 0) {
        char why[256] = "";
        rc = fl__png_decode(data, len, want_w, want_h, out, why, sizeof(why));
        if (rc == FL_EIO)
            fail(msg, msg_size, "%s: %s", path, why);
    }
    free(data);
    return rc;
}
