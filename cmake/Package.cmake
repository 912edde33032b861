# Install layout and the Debian package (`make package`, CPack DEB):
#   /usr/lib/kiosk/kiosk_capture.so     the V4L2 / video-file camera module, loaded on demand
#   /usr/bin/kiosk                      the binary (finds its files in ../share/kiosk, so a package
#                                       unpacked anywhere runs: kiosk/source_tree.hpp)
#   /usr/share/kiosk/www                the customer UI
#   /usr/share/kiosk/config             the sim config and its simulation-only keys (`run --sim`)
#   /etc/kiosk/{astana,almaty}.json     example configs (conffiles); the service runs kiosk.json
#   /etc/udev/rules.d/70-kiosk.rules    device names, group and mode (a conffile: edit per kiosk)
#   /lib/systemd/system/kiosk*.service  the kiosk and the customer screen
#   /var/lib/kiosk, /run/kiosk          state and runtime folders (postinst, StateDirectory=,
#                                       RuntimeDirectory=)
include(GNUInstallDirs)
set(KIOSK_PKG ${CMAKE_SOURCE_DIR}/packaging)

install(TARGETS kiosk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Beside the binary's folder, where devices/qr/capture_module.cpp looks (not the multiarch libdir).
install(TARGETS kiosk_capture LIBRARY DESTINATION lib/kiosk)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/ui/www/ DESTINATION ${CMAKE_INSTALL_DATADIR}/kiosk/www)
install(FILES ${CMAKE_SOURCE_DIR}/config/sim.json ${CMAKE_SOURCE_DIR}/config/sim-secret.txt
              ${CMAKE_SOURCE_DIR}/config/sim-pseudonym-key.txt
              ${CMAKE_SOURCE_DIR}/config/sim-seal-key.txt
              ${CMAKE_SOURCE_DIR}/config/sim-operator-command.pub
              ${CMAKE_SOURCE_DIR}/config/sim-operator-command.key
        DESTINATION ${CMAKE_INSTALL_DATADIR}/kiosk/config)
install(FILES ${CMAKE_SOURCE_DIR}/config/astana.json ${CMAKE_SOURCE_DIR}/config/almaty.json
        DESTINATION /etc/kiosk)
install(FILES ${KIOSK_PKG}/udev/70-kiosk.rules DESTINATION /etc/udev/rules.d)
install(FILES ${KIOSK_PKG}/systemd/kiosk.service ${KIOSK_PKG}/systemd/kiosk-browser.service
        DESTINATION /lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/docs/runbook.md ${CMAKE_SOURCE_DIR}/config/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kiosk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Kiosk operator <kiosk@example.kz>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Crypto-to-cash kiosk (Astana, Almaty)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
# Libraries from dpkg-shlibdeps (OpenCV, ZXing, libusb, SQLite, OpenSSL, FreeType, ...), plus what
# the kiosk uses at run time without linking it.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-ocr-b, opencv-data, cage, chromium, udev")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${KIOSK_PKG}/debian/postinst;${KIOSK_PKG}/debian/prerm;${KIOSK_PKG}/debian/postrm;${KIOSK_PKG}/debian/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
