#pragma once
// The one header that brings in Asio and Beast. Boost 1.74's awaitable.hpp uses
// std::exchange without including <utility>, which fails under GCC 12 with C++20
// coroutines; including <utility> first here fixes it for the whole project.
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace net {

// The short names every networking file uses; `using namespace net::names` brings them into
// another namespace (telegram does).
inline namespace names {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
template <class T>
using awaitable = boost::asio::awaitable<T>;
inline constexpr auto use_awaitable = boost::asio::use_awaitable;
}  // namespace names

}  // namespace net
