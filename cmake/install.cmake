# cmake/install.cmake: install rules and the Debian package (CPack). Included from the
# top-level CMakeLists.txt.
#
#   cmake -S . -B build -DCMAKE_INSTALL_PREFIX=/usr && cmake --build build --target charfinder
#   cmake --install build --strip                       # or DESTDIR=/tmp/stage cmake --install …
#   cpack --config build/CPackConfig.cmake -G DEB       # build/charfinder_0.1.0_amd64.deb
#
# Layout (GNUInstallDirs; FULL paths, so prefix /usr puts the config in /etc, /usr/local in
# /usr/local/etc, /opt/charfinder in /etc/opt/charfinder):
#   <prefix>/bin/charfinder
#   <sysconfdir>/charfinder/charfinder.yaml            (config/charfinder.production.yaml)
#   <prefix>/lib/systemd/system/charfinder.service, charfinder-telnet.socket, charfinder-http.socket
#   <datadir>/doc/charfinder/deployment.md, charfinder.yaml.defaults (every key, documented)
# The unit files are configured from systemd/*.in with these absolute paths.
include(GNUInstallDirs)

set(CHARFINDER_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
    "Where the systemd units go, relative to the install prefix (or absolute)")

set(CHARFINDER_BINARY "${CMAKE_INSTALL_FULL_BINDIR}/charfinder")
set(CHARFINDER_CONFIG_DIR "${CMAKE_INSTALL_FULL_SYSCONFDIR}/charfinder")
set(CHARFINDER_CONFIG_FILE "${CHARFINDER_CONFIG_DIR}/charfinder.yaml")
set(CHARFINDER_DOC_DIR "${CMAKE_INSTALL_FULL_DOCDIR}")
set(CHARFINDER_DOC_FILE "${CHARFINDER_DOC_DIR}/deployment.md")

set(charfinder_units charfinder.service charfinder-telnet.socket charfinder-http.socket)
foreach(unit IN LISTS charfinder_units)
  configure_file(${PROJECT_SOURCE_DIR}/systemd/${unit}.in
                 ${PROJECT_BINARY_DIR}/systemd/${unit} @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/systemd/${unit}
          DESTINATION ${CHARFINDER_SYSTEMD_UNIT_DIR} COMPONENT charfinder)
endforeach()

install(TARGETS charfinder RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT charfinder)
install(FILES ${PROJECT_SOURCE_DIR}/config/charfinder.production.yaml
        DESTINATION ${CHARFINDER_CONFIG_DIR} RENAME charfinder.yaml COMPONENT charfinder)
if(EXISTS ${PROJECT_SOURCE_DIR}/config/charfinder.yaml)
  install(FILES ${PROJECT_SOURCE_DIR}/config/charfinder.yaml
          DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME charfinder.yaml.defaults
          COMPONENT charfinder)
endif()
if(EXISTS ${PROJECT_SOURCE_DIR}/docs/deployment.md)
  install(FILES ${PROJECT_SOURCE_DIR}/docs/deployment.md
          DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT charfinder)
endif()

# --- Debian package. Build it with CMAKE_INSTALL_PREFIX=/usr (a warning says so otherwise).
configure_file(${PROJECT_SOURCE_DIR}/packaging/deb/conffiles.in
               ${PROJECT_BINARY_DIR}/packaging/deb/conffiles @ONLY)
foreach(script IN ITEMS postinst prerm postrm)
  configure_file(${PROJECT_SOURCE_DIR}/packaging/deb/${script}
                 ${PROJECT_BINARY_DIR}/packaging/deb/${script} @ONLY
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                                  GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "charfinder: CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}; "
                 "configure with -DCMAKE_INSTALL_PREFIX=/usr to build the .deb")
endif()

set(CPACK_PACKAGE_NAME charfinder)
set(CPACK_PACKAGE_VENDOR "charfinder")
set(CPACK_PACKAGE_CONTACT "charfinder maintainers <charfinder@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
# Install into the staging tree with DESTDIR, so the absolute /etc path lands in the package
# (not on the build machine).
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "${PROJECT_DESCRIPTION}\n A daemon with a telnet front end (port 2323) and an HTTP/JSON/browser\n front end (port 8888), socket-activated by systemd, and a command-line search.")
# Runtime dependencies: computed by dpkg-shlibdeps from the libraries the binary links
# (libicu72, libyaml-cpp0.7, libspdlog1.10, libfmt9, libsystemd0, libstdc++6, libc6, …), with
# their minimum versions. Without dpkg-shlibdeps, the same names are listed by hand.
find_program(CHARFINDER_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(CHARFINDER_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6, libstdc++6, libgcc-s1, libicu72, libyaml-cpp0.7, libspdlog1.10, libfmt9, libsystemd0")
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_BINARY_DIR}/packaging/deb/conffiles
    ${PROJECT_BINARY_DIR}/packaging/deb/postinst
    ${PROJECT_BINARY_DIR}/packaging/deb/prerm
    ${PROJECT_BINARY_DIR}/packaging/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
