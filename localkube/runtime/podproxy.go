package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"time"
)

// servePodProxy is an HTTP forward proxy on loopback into the pod network: a request for
// http://POD_IP:PORT/path (absolute form, as Prometheus' proxy_url and `curl -x` send it) is made from
// inside the cluster's network namespace, where the zk pods' addresses live. The host never dials a pod
// address itself: this is how a Prometheus outside the cluster scrapes the members, as one inside a real
// cluster would. Anything but a pod address of this cluster is refused.
func (r *podRuntime) servePodProxy(ctx context.Context) error {
	if r.cfg.PodProxyAddress == "" {
		return nil
	}
	netns := netnsPath(r.cfg.ClusterNetns)
	transport := &http.Transport{
		DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			return dialInNetns(ctx, netns, addr, 5*time.Second)
		},
		// A pod's address moves with the pod: no connection outlives a scrape by much.
		IdleConnTimeout: 10 * time.Second,
	}
	forward := &httputil.ReverseProxy{
		Rewrite:   func(*httputil.ProxyRequest) {},
		Transport: transport,
		ErrorHandler: func(w http.ResponseWriter, req *http.Request, err error) {
			http.Error(w, fmt.Sprintf("localkube pod proxy: %s: %v", req.URL.Host, err), http.StatusBadGateway)
		},
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if problem := r.refusePodProxy(req); problem != "" {
			http.Error(w, "localkube pod proxy: "+problem, http.StatusForbidden)
			return
		}
		forward.ServeHTTP(w, req)
	})
	return serveHTTP(ctx, "the pod proxy", r.cfg.PodProxyAddress, handler, func(server *http.Server, l net.Listener) error {
		return server.Serve(l)
	})
}

// refusePodProxy says why a request may not go through, or "" when it is a plain HTTP request for an
// address of this cluster's pod network.
func (r *podRuntime) refusePodProxy(req *http.Request) string {
	if req.Method == http.MethodConnect {
		return "CONNECT is not served; ask for http://POD_IP:PORT/path"
	}
	if req.URL.Scheme != "http" || req.URL.Host == "" {
		return fmt.Sprintf("%q is not an absolute http:// URL; use this address as an HTTP proxy (curl -x, Prometheus' proxy_url)", req.RequestURI)
	}
	host, _, err := net.SplitHostPort(req.URL.Host)
	if err != nil {
		host = req.URL.Host
	}
	ip := net.ParseIP(host)
	if ip == nil || !r.net.subnet.Contains(ip) {
		return fmt.Sprintf("%s is not an address of this cluster's pod network %s", host, r.net.subnet)
	}
	return ""
}
