# The render layer: requestAnimationFrame and the rendering step (raf.c), and
# the pixel half: framebuffers and span kernels, the raster context (clips,
# borders, opacity groups), PNG encode/decode and atomic writes; layout.c
# (document -> boxes), paint.c (boxes -> raster calls), sinks.c (frame sinks). png.c
# compiles stb_image_write and stb_image (static) and needs zlib.
set(FL_RENDER_SOURCES
  render/raf.c
  render/framebuffer.c
  render/raster.c
  render/png.c
  render/layout.c
  render/paint.c
  render/sinks.c
  render/overlay.c
  render/png_file.c
)
