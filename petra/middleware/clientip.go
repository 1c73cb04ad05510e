package middleware

import (
	"net"
	"net/http"
	"net/netip"

	"github.com/go-chi/chi/v5/middleware"
)

// ClientIP returns the IP address of the client that sent r, for logs and
// rate-limit keys: the address a chi ClientIPFrom* middleware (such as
// middleware.ClientIPFromXFF with the proxies' prefixes) stored in the context,
// else the host of r.RemoteAddr, the peer of the TCP connection.
//
// ClientIP never reads X-Forwarded-For, X-Real-IP or any other header on its
// own: a client can set those to anything, so trusting them is a decision the
// app makes by installing such a middleware, or by setting
// [RateLimitOptions.TrustedProxies]. An IPv4 address seen through an IPv6
// socket (::ffff:a.b.c.d) is returned as a.b.c.d. A RemoteAddr that is not
// host:port is returned as it is.
func ClientIP(r *http.Request) string {
	if ip := middleware.GetClientIP(r.Context()); ip != "" {
		return ip
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.Is4In6() {
		return ip.Unmap().String()
	}
	return host
}
