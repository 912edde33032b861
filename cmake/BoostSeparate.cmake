# kiosk_boost: Boost.Asio (with its TLS layer) and Beast compiled once, in three objects, instead of
# in every file that includes them (BOOST_ASIO_SEPARATE_COMPILATION,
# BOOST_BEAST_SEPARATE_COMPILATION). Link it wherever Boost::boost was linked; the definitions
# travel with it. A static library: a program pulls in only the objects it uses (no TLS, no OpenSSL
# symbols needed by a program without TLS).
add_library(kiosk_boost STATIC ${CMAKE_CURRENT_LIST_DIR}/boost_src/asio.cpp
                               ${CMAKE_CURRENT_LIST_DIR}/boost_src/asio_ssl.cpp
                               ${CMAKE_CURRENT_LIST_DIR}/boost_src/beast.cpp)
target_compile_definitions(kiosk_boost PUBLIC BOOST_ASIO_SEPARATE_COMPILATION
                                              BOOST_BEAST_SEPARATE_COMPILATION)
target_link_libraries(kiosk_boost PUBLIC Boost::boost Threads::Threads OpenSSL::SSL OpenSSL::Crypto)
if(KIOSK_FUZZ)
  # Boost 1.74's Asio looks for clang's coroutines in libc++'s <experimental/coroutine>; with
  # libstdc++ clang has them in <coroutine>, as g++ does (the libFuzzer build, `make fuzz`).
  target_compile_definitions(kiosk_boost PUBLIC BOOST_ASIO_HAS_CO_AWAIT=1)
endif()
