package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	remotecommandconsts "k8s.io/apimachinery/pkg/util/remotecommand"
	"k8s.io/kubelet/pkg/cri/streaming/remotecommand"
)

// serveKubelet is the kubelet endpoint of the cluster's nodes (their kubeletEndpoint port, which
// `localkube create` points here): the API server sends `kubectl exec`, `logs`, `port-forward` and
// `attach` to it. An exec into a container this runtime runs is served here (ExecInContainer); every
// other request goes on to KWOK's own endpoint, which serves logs and port-forwards from the Logs and
// PortForward objects the runtime publishes. On loopback, with the cluster's certificate.
func (r *podRuntime) serveKubelet(ctx context.Context) error {
	kwok := &url.URL{Scheme: "https", Host: r.cfg.KwokAddress}
	next := httputil.NewSingleHostReverseProxy(kwok)
	// KWOK's endpoint, on loopback, serves the cluster's own certificate, which names no loopback address.
	next.Transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec
	mux := http.NewServeMux()
	mux.HandleFunc("/exec/", func(w http.ResponseWriter, req *http.Request) {
		if !r.serveExec(w, req) {
			next.ServeHTTP(w, req)
		}
	})
	mux.Handle("/", next)
	return serveHTTP(ctx, "the nodes' kubelet endpoint", r.cfg.KubeletAddress, mux, func(server *http.Server, l net.Listener) error {
		return server.ServeTLS(l, r.cfg.TLSCert, r.cfg.TLSKey)
	})
}

// serveHTTP listens on address at once — a port that cannot be had stops the runtime with the reason, instead of a
// request failing later — then serves with serve on a goroutine of its own until ctx ends.
func serveHTTP(ctx context.Context, what, address string, handler http.Handler, serve func(*http.Server, net.Listener) error) error {
	listener, err := net.Listen("tcp", address)
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, address, err)
	}
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = server.Close()
	}()
	go func() {
		if err := serve(server, listener); err != nil && err != http.ErrServerClosed {
			log.Printf("%s %s: %v", what, address, err)
		}
	}()
	return nil
}

// serveExec serves /exec/NAMESPACE/POD/[UID/]CONTAINER?command=… for a pod this runtime runs; false for another pod.
func (r *podRuntime) serveExec(w http.ResponseWriter, req *http.Request) bool {
	parts := strings.Split(strings.TrimPrefix(req.URL.Path, "/exec/"), "/")
	if (len(parts) != 3 && len(parts) != 4) || r.workerOf(parts[0], parts[1]) == nil {
		return false
	}
	opts, err := remotecommand.NewOptions(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return true
	}
	remotecommand.ServeExec(w, req, r, parts[0]+"/"+parts[1], "", parts[len(parts)-1], req.URL.Query()[corev1.ExecCommandParam],
		opts, 4*time.Hour, 30*time.Second, remotecommandconsts.SupportedStreamingProtocols)
	return true
}
