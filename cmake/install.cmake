# cmake/install.cmake: install rules and the Debian package (CPack). Included from the
# top-level CMakeLists.txt.
#
#   cmake --install build --prefix /usr --strip        # or DESTDIR=/tmp/stage cmake --install …
#   cpack --config build/CPackConfig.cmake             # charfinder_0.1.0_amd64.deb (prefix /usr)
#
# Layout (GNUInstallDirs; the config dir is the FULL sysconfdir, so prefix /usr puts it in
# /etc, /usr/local in /usr/local/etc, /opt/charfinder in /etc/opt/charfinder):
#   PREFIX/bin/charfinder
#   SYSCONFDIR/charfinder/charfinder.yaml   (config/charfinder.production.yaml: all interfaces)
#   PREFIX/lib/systemd/system/charfinder.service, charfinder-telnet.socket, charfinder-http.socket
#   PREFIX/share/doc/charfinder/deployment.md, charfinder.yaml.defaults (every key, documented)
# The units are configured from systemd/*.in at install time (cmake/install_units.cmake), so
# their ExecStart= and --config paths match the prefix actually installed to.
include(GNUInstallDirs)

set(CHARFINDER_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
    "Where the systemd units go, relative to the install prefix (or absolute)")

install(TARGETS charfinder RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT charfinder)
install(CODE "
  set(CHARFINDER_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
  set(CHARFINDER_STAGE_DIR \"${PROJECT_BINARY_DIR}/systemd\")
  set(CHARFINDER_SYSCONFDIR \"${CMAKE_INSTALL_SYSCONFDIR}\")
  set(CHARFINDER_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(CHARFINDER_DOCDIR \"${CMAKE_INSTALL_DOCDIR}\")
  set(CHARFINDER_UNIT_DIR \"${CHARFINDER_SYSTEMD_UNIT_DIR}\")
  include(\"${PROJECT_SOURCE_DIR}/cmake/install_units.cmake\")
  " COMPONENT charfinder)
if(EXISTS ${PROJECT_SOURCE_DIR}/config/charfinder.yaml)
  install(FILES ${PROJECT_SOURCE_DIR}/config/charfinder.yaml
          DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME charfinder.yaml.defaults
          COMPONENT charfinder)
endif()
if(EXISTS ${PROJECT_SOURCE_DIR}/docs/deployment.md)
  install(FILES ${PROJECT_SOURCE_DIR}/docs/deployment.md
          DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT charfinder)
endif()

# --- Debian package: always for prefix /usr (config in /etc), whatever the build's prefix.
foreach(script IN ITEMS conffiles postinst prerm postrm)
  configure_file(${PROJECT_SOURCE_DIR}/packaging/deb/${script}
                 ${PROJECT_BINARY_DIR}/packaging/deb/${script} COPYONLY)
endforeach()
set(CPACK_PACKAGE_NAME charfinder)
set(CPACK_PACKAGE_VENDOR "charfinder")
set(CPACK_PACKAGE_CONTACT "charfinder maintainers <charfinder@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
# Install into the staging tree with DESTDIR and prefix /usr, so /etc lands in the package
# (never on the build machine).
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "${PROJECT_DESCRIPTION}\n A daemon with a telnet front end (port 2323) and an HTTP/JSON/browser\n front end (port 8888), socket-activated by systemd, and a command-line search.")
# Runtime dependencies: computed by dpkg-shlibdeps from the libraries the binary links
# (libicu72, libyaml-cpp0.7, libspdlog1.10, libfmt9, libsystemd0, libjemalloc2, zlib1g, libstdc++6, libc6, …), with
# their minimum versions. Without dpkg-shlibdeps (dpkg-dev), the same names by hand.
find_program(CHARFINDER_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(CHARFINDER_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6, libstdc++6, libgcc-s1, libicu72, libyaml-cpp0.7, libspdlog1.10, libfmt9, libsystemd0, zlib1g")
  if(CHARFINDER_JEMALLOC)
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libjemalloc2")
  endif()
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_BINARY_DIR}/packaging/deb/conffiles
    ${PROJECT_BINARY_DIR}/packaging/deb/postinst
    ${PROJECT_BINARY_DIR}/packaging/deb/prerm
    ${PROJECT_BINARY_DIR}/packaging/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
