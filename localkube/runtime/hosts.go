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
// Each pod's /etc/hosts is its own file: localhost, the pod's own name first (so `hostname -f` prints
// it, as a kubelet writes it), then every pod's; rewritten in place (it is bind-mounted) when they change.
type hostsFile struct {
	path string
	mu   sync.Mutex
	last []byte
	pods map[string]*corev1.Pod // the pod's hosts file -> the pod
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
	return fmt.Sprintf("%s.%s.%s.svc.cluster.local", hostnameOf(pod), pod.Spec.Subdomain, pod.Namespace)
}

func newHostsFile(dir string) *hostsFile {
	return &hostsFile{path: filepath.Join(dir, "hosts"), pods: map[string]*corev1.Pod{}}
}

// podFile writes the pod's own /etc/hosts in its directory and keeps it current; returns its path.
func (h *hostsFile) podFile(pod *corev1.Pod, podDir string) string {
	path := filepath.Join(podDir, "hosts")
	h.mu.Lock()
	defer h.mu.Unlock()
	h.pods[path] = pod.DeepCopy()
	_ = os.WriteFile(path, podHosts(pod, h.last), 0o644)
	return path
}

// forget stops keeping a pod's hosts file.
func (h *hostsFile) forget(podDir string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.pods, filepath.Join(podDir, "hosts"))
}

// podHosts is a pod's /etc/hosts: as a kubelet writes it (localhost, the pod's IP with its FQDN and
// hostname), then every pod's names.
func podHosts(pod *corev1.Pod, all []byte) []byte {
	var buf bytes.Buffer
	buf.WriteString("# Kubernetes-managed hosts file (localkube-runtime).\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
	if pod.Status.PodIP != "" {
		if pod.Spec.Subdomain != "" {
			fmt.Fprintf(&buf, "%s\t%s\t%s\n", pod.Status.PodIP, fqdn(pod), hostnameOf(pod))
		} else {
			fmt.Fprintf(&buf, "%s\t%s\n", pod.Status.PodIP, hostnameOf(pod))
		}
	}
	buf.Write(all)
	return buf.Bytes()
}

func (h *hostsFile) write(pods []corev1.Pod) error {
	var lines []string
	for _, pod := range pods {
		if pod.Status.PodIP == "" || pod.Spec.Subdomain == "" || pod.DeletionTimestamp != nil {
			continue
		}
		host := hostnameOf(&pod)
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
	for path, pod := range h.pods {
		// In place: the file is bind-mounted at the pod's /etc/hosts, and a rename would leave the mount on the old one.
		if err := os.WriteFile(path, podHosts(podWithIP(pod, pods), h.last), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// podWithIP is the pod as last listed (its IP may have been given since its hosts file was made).
func podWithIP(pod *corev1.Pod, pods []corev1.Pod) *corev1.Pod {
	for i := range pods {
		if pods[i].UID == pod.UID && pods[i].Status.PodIP != "" {
			pod.Status.PodIP = pods[i].Status.PodIP
		}
	}
	return pod
}
