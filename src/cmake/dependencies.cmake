# Finds frameloop's dependencies through pkg-config (Debian's libevent ships no
# CMake package; cmocka's has no imported target) and names the Debian package
# to install when one is missing.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config")
endif()

function(fl_require_pkg var module debian_package)
  pkg_check_modules(${var} QUIET IMPORTED_TARGET ${module})
  if(NOT ${var}_FOUND)
    message(FATAL_ERROR "${module} not found: apt-get install ${debian_package}")
  endif()
endfunction()

fl_require_pkg(LIBEVENT_CORE libevent_core libevent-dev)
fl_require_pkg(LIBEVENT_PTHREADS libevent_pthreads libevent-dev)
# evhttp: fetch()'s HTTP client and the loopback server (src/net/).
fl_require_pkg(LIBEVENT_EXTRA libevent_extra libevent-dev)
fl_require_pkg(ZLIB zlib zlib1g-dev)
find_package(Threads REQUIRED)

find_path(FL_STB_INCLUDE_DIR stb_image_write.h PATHS /usr/include/stb NO_DEFAULT_PATH)
if(NOT FL_STB_INCLUDE_DIR)
  find_path(FL_STB_INCLUDE_DIR stb/stb_image_write.h)
endif()
if(NOT FL_STB_INCLUDE_DIR)
  message(FATAL_ERROR "stb_image_write.h not found: apt-get install libstb-dev")
endif()

if(FL_BUILD_TESTS)
  fl_require_pkg(CMOCKA cmocka libcmocka-dev)
endif()
