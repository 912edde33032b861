// Boost.Asio compiled once (BOOST_ASIO_SEPARATE_COMPILATION): every other file sees declarations
// only, instead of compiling Asio's implementation again.
#include <boost/asio/impl/src.hpp>
