/**
 * @file png.h
 * Frames to PNG and back: encoding in memory (stb_image_write with zlib
 * plugged in), atomic file writes, and decoding for golden comparison
 * (stb_image). PNG holds straight (non-premultiplied) colors, 8 bits per
 * channel: RGB when every pixel is opaque, else RGBA. Framebuffers hold
 * premultiplied pixels, converted on the way; a round trip gives back identical
 * pixels (see framebuffer.h). Decoding accepts any PNG stb_image reads.
 *
 * Thread safety: every function may run on any thread, concurrently with the
 * others (the frame sinks' encoder thread). The only process-global state stb
 * has, its PNG filter choice, is set once, before the first encode, and never
 * changed afterwards.
 *
 * Errors: stb's 0-on-failure and every failed system call become FL_EIO here.
 * Functions that take `msg` write a one-line explanation into it on FL_EIO
 * ("golden/x/frame-0003.png: No such file or directory", "... is 640x480,
 * expected 1280x720"); msg may be NULL. It is left alone on success.
 */
#ifndef FL_RENDER_PNG_H
#define FL_RENDER_PNG_H

#include <stddef.h>
#include <stdint.h>

#include "render/framebuffer.h"

/**
 * Encodes `fb` as an 8-bit PNG in memory (RGB if opaque, else RGBA; filter
 * none, zlib level 1: the measurements are in png.c). Deterministic for a given
 * zlib version; compare decoded pixels, not PNG bytes.
 * @param png receives the bytes (free with fl__png_free).
 * @param len receives their count.
 * @return 0, FL_EINVAL (a NULL argument), FL_ENOMEM, or FL_EIO (stb_image_write
 *         failed); *png is NULL on failure.
 */
int fl__png_encode(const fl__fb *fb, uint8_t **png, size_t *len);

/** Frees bytes from fl__png_encode; NULL is a no-op. */
void fl__png_free(uint8_t *png);

/**
 * Writes `len` bytes to `path` atomically: a temporary file in the same
 * directory, written in full, fsync'ed, then renamed over `path` (and the
 * directory fsync'ed, best effort). Readers see the old file or the new one,
 * never a half-written one; on failure the temporary file is removed and an
 * existing `path` is left as it was.
 * @return 0, FL_EINVAL (NULL path or data), FL_ENOMEM, or FL_EIO (with msg).
 */
int fl__png_write_file(const char *path, const void *data, size_t len, char *msg, size_t msg_size);

/**
 * fl__png_encode then fl__png_write_file.
 * @return 0, FL_EINVAL, FL_ENOMEM, or FL_EIO (with msg).
 */
int fl__png_save(const fl__fb *fb, const char *path, char *msg, size_t msg_size);

/**
 * Decodes PNG bytes into a new framebuffer. The chunk structure and every CRC
 * are checked first (stb_image ignores CRCs), so truncated or corrupted files
 * fail instead of decoding into wrong pixels.
 * @param want_w, want_h the expected size; 0 accepts any size.
 * @param out receives the framebuffer (the caller frees it); NULL on failure.
 * @return 0, FL_EINVAL (NULL data or out), FL_ENOMEM, or FL_EIO (not a PNG,
 *         corrupt, truncated, wrong size, too large: with msg).
 */
int fl__png_decode(const void *data, size_t len, int want_w, int want_h, fl__fb **out, char *msg,
                   size_t msg_size);

/**
 * Reads and decodes a PNG file (fl__png_decode). A missing or unreadable file
 * is FL_EIO with the system's reason in msg.
 * @return 0, FL_EINVAL, FL_ENOMEM, or FL_EIO (with msg).
 */
int fl__png_load(const char *path, int want_w, int want_h, fl__fb **out, char *msg,
                 size_t msg_size);

#endif /* FL_RENDER_PNG_H */
