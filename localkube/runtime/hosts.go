package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	corev1 "k8s.io/api/core/v1"
)

// hostsFile gives the servers the names a cluster's DNS would: zk-N.zk-hs.NS.svc.cluster.local for every
// pod with a hostname and subdomain, ready or not (the headless Service publishes not-ready addresses).
// The servers read it through -Djdk.net.hosts.file, which the JDK reads on every lookup.
type hostsFile struct {
	path string
	mu   sync.Mutex
	last []byte
}

// resolves tells whether the file written last maps the pod's DNS name to its IP (a server must
// resolve its own name before it starts: it binds its quorum ports to it).
func (h *hostsFile) resolves(pod *corev1.Pod, ip string) bool {
	if pod.Spec.Subdomain == "" {
		return true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return bytes.Contains(h.last, []byte("\n"+ip+" "+fqdn(pod)+" "))
}

func fqdn(pod *corev1.Pod) string {
	host := pod.Spec.Hostname
	if host == "" {
		host = pod.Name
	}
	return fmt.Sprintf("%s.%s.%s.svc.cluster.local", host, pod.Spec.Subdomain, pod.Namespace)
}

func newHostsFile(dir string) *hostsFile {
	return &hostsFile{path: filepath.Join(dir, "hosts")}
}

func (h *hostsFile) write(pods []corev1.Pod) error {
	var lines []string
	for _, pod := range pods {
		if pod.Status.PodIP == "" || pod.Spec.Subdomain == "" || pod.DeletionTimestamp != nil {
			continue
		}
		host := pod.Spec.Hostname
		if host == "" {
			host = pod.Name
		}
		lines = append(lines, fmt.Sprintf("%s %s %s.%s.%s.svc %s.%s.%s", pod.Status.PodIP, fqdn(&pod),
			host, pod.Spec.Subdomain, pod.Namespace, host, pod.Spec.Subdomain, pod.Namespace))
	}
	sort.Strings(lines)
	var buf bytes.Buffer
	buf.WriteString("# Written by localkube-runtime: the ZooKeeper pods' DNS names.\n")
	for _, l := range lines {
		buf.WriteString(l + "\n")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if bytes.Equal(buf.Bytes(), h.last) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o755); err != nil {
		return err
	}
	tmp := h.path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, h.path); err != nil {
		return err
	}
	h.last = buf.Bytes()
	return nil
}
