# Installs the library, headers, CMake package (frameloop::frameloop) and
# frameloop.pc. Included from src/CMakeLists.txt.
include(CMakePackageConfigHelpers)

install(TARGETS frameloop EXPORT frameloopTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/frameloop
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT frameloopTargets NAMESPACE frameloop::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/frameloop)

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/frameloopConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/frameloopConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/frameloop)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/frameloopConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/frameloopConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/frameloopConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/frameloop)

# The path from the .pc file's folder back to the prefix.
file(RELATIVE_PATH FL_PC_UP "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" FL_PC_UP "${FL_PC_UP}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/frameloop.pc.in
               ${CMAKE_CURRENT_BINARY_DIR}/frameloop.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/frameloop.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
