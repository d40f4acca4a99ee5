package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func pod(name, ns, ip string) corev1.Pod {
	return corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       corev1.PodSpec{Hostname: name, Subdomain: "zk-hs"},
		Status:     corev1.PodStatus{PodIP: ip},
	}
}

func TestHostsFileNamesEveryPodWithAnIPAndKnowsWhatItWrote(t *testing.T) {
	h := newHostsFile(t.TempDir())
	pods := []corev1.Pod{pod("zk-1", "lab", "10.245.0.3"), pod("zk-0", "lab", "10.245.0.2"), pod("zk-2", "lab", "")}
	if err := h.write(pods); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(h.path)
	want := "10.245.0.2 zk-0.zk-hs.lab.svc.cluster.local zk-0.zk-hs.lab.svc zk-0.zk-hs.lab\n" +
		"10.245.0.3 zk-1.zk-hs.lab.svc.cluster.local zk-1.zk-hs.lab.svc zk-1.zk-hs.lab\n"
	if !strings.HasSuffix(string(text), want) {
		t.Fatalf("hosts file:\n%s\nwant it to end with:\n%s", text, want)
	}
	if p := pod("zk-0", "lab", ""); !h.resolves(&p, "10.245.0.2") {
		t.Error("zk-0 should resolve to 10.245.0.2")
	}
	if p := pod("zk-2", "lab", ""); h.resolves(&p, "10.245.0.4") {
		t.Error("zk-2 has no address yet and must not resolve")
	}
}

func TestAddressesAreHandedOutOnceAndKeptAcrossRestarts(t *testing.T) {
	_, subnet, _ := net.ParseCIDR("10.245.0.0/16")
	n := &network{subnet: subnet, gateway: nthIP(subnet, 1), used: map[string]string{}}
	a, _ := n.allocate("uid-a", "")
	b, _ := n.allocate("uid-b", "")
	if a.String() != "10.245.0.2" || b.String() != "10.245.0.3" {
		t.Fatalf("got %s and %s, want 10.245.0.2 and 10.245.0.3 (10.245.0.1 is the bridge)", a, b)
	}
	if again, _ := n.allocate("uid-a", ""); !again.Equal(a) {
		t.Errorf("a pod asking again got %s, want its %s", again, a)
	}
	// A restarted runtime learns the addresses from the pods' status.
	m := &network{subnet: subnet, gateway: nthIP(subnet, 1), used: map[string]string{}}
	if kept, _ := m.allocate("uid-b", "10.245.0.3"); kept.String() != "10.245.0.3" {
		t.Errorf("got %s, want the pod's previous 10.245.0.3", kept)
	}
	if other, _ := m.allocate("uid-c", "10.245.0.3"); other.String() == "10.245.0.3" {
		t.Error("an address in use must not be handed out twice")
	}
	n.release("uid-a")
	if c, _ := n.allocate("uid-c", ""); c.String() != "10.245.0.2" {
		t.Errorf("a released address should be reused, got %s", c)
	}
}

func TestAPodsHostsFileNamesItFirstSoThatHostnameFPrintsItsFQDN(t *testing.T) {
	p := pod("zk-0", "lab", "10.245.0.7")
	text := string(podHosts(&p, []byte("10.245.0.8 zk-1.zk-hs.lab.svc.cluster.local zk-1.zk-hs.lab.svc zk-1.zk-hs.lab\n")))
	want := "127.0.0.1\tlocalhost\n"
	if !strings.Contains(text, want) || !strings.Contains(text, "\n10.245.0.7\tzk-0.zk-hs.lab.svc.cluster.local\tzk-0\n10.245.0.8 zk-1.") {
		t.Fatalf("pod hosts file:\n%s", text)
	}
}

func TestTheImageIsTheCurrentProfilesAndNothingElse(t *testing.T) {
	img := zookeeperImage("3.9.5", "/repo/localkube/image", "/cache/lib", "/usr/lib/jvm/jdk")
	for _, ref := range []string{"docker.io/library/zookeeper:3.9.5", "zookeeper:3.9.5", "library/zookeeper:3.9.5"} {
		if !img.matches(ref) {
			t.Errorf("%s should be the image", ref)
		}
	}
	for _, ref := range []string{"registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10", "zookeeper", "zookeeper:3.8.4"} {
		if img.matches(ref) {
			t.Errorf("%s should not be the image", ref)
		}
	}
	if err := img.refuse("registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10"); !strings.Contains(err.Error(), "use imageProfile current") {
		t.Errorf("refusal: %v", err)
	}
	if img.mounts["/apache-zookeeper-3.9.5-bin/lib"] != "/cache/lib" || img.mounts["/apache-zookeeper-3.9.5-bin/bin"] != "/repo/localkube/image/bin" {
		t.Errorf("mounts: %v", img.mounts)
	}
	env := mergeEnv(img.env, []string{"HOSTNAME=zk-0", "JAVA_HOME=/opt/java"})
	if env[0] != "PATH=/apache-zookeeper-3.9.5-bin/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" ||
		env[1] != "JAVA_HOME=/opt/java" || env[len(env)-1] != "HOSTNAME=zk-0" {
		t.Errorf("the container's environment over the image's, in order: %v", env)
	}
}

func TestTheContainerRunsAsItsSecurityContextSays(t *testing.T) {
	uid, group, yes := int64(1000), int64(1000), true
	p := pod("zk-0", "lab", "")
	p.Spec.SecurityContext = &corev1.PodSecurityContext{RunAsUser: &uid, FSGroup: &group, RunAsNonRoot: &yes, SupplementalGroups: []int64{5}}
	u, err := securityOf(&p, corev1.Container{})
	if err != nil || u.uid != 1000 || u.gid != 0 || len(u.groups) != 2 || u.groups[0] != 1000 || u.groups[1] != 5 {
		t.Fatalf("user %+v, %v", u, err)
	}
	p.Spec.SecurityContext.RunAsUser = nil
	if _, err := securityOf(&p, corev1.Container{}); err == nil || !strings.Contains(err.Error(), "runAsNonRoot") {
		t.Fatalf("runAsNonRoot without a user must be refused, got %v", err)
	}
}

func TestAWritableVolumeBelongsToTheFSGroup(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "data", "myid"), []byte("1\n"), 0o644)
	group := int64(1000)
	if err := ownByGroup(dir, &group); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{dir, filepath.Join(dir, "data"), filepath.Join(dir, "data", "myid")} {
		info, _ := os.Stat(path)
		if info.Sys().(*syscall.Stat_t).Gid != 1000 || info.Mode().Perm()&0o060 != 0o060 {
			t.Errorf("%s: gid %d mode %v", path, info.Sys().(*syscall.Stat_t).Gid, info.Mode())
		}
		if info.IsDir() && info.Mode()&os.ModeSetgid == 0 {
			t.Errorf("%s: a directory should be setgid", path)
		}
	}
}

func TestProbeThresholdsFollowTheProbe(t *testing.T) {
	p := &corev1.Probe{PeriodSeconds: 5, FailureThreshold: 2}
	s := newProbeState(p, testTime)
	s.record(false, testTime)
	if s.failures != 1 || s.next != testTime.Add(5e9) {
		t.Fatalf("failures %d next %v", s.failures, s.next)
	}
	if s.record(true, testTime) != 1 || s.failures != 0 {
		t.Fatal("one success (the default threshold) makes the probe pass and resets failures")
	}
}

var testTime = mustTime("2026-11-27T00:00:00Z")

func TestPodProxyServesOnlyPlainHTTPToThePodNetwork(t *testing.T) {
	_, subnet, _ := net.ParseCIDR("10.245.0.0/16")
	r := &podRuntime{net: &network{subnet: subnet}}
	for target, want := range map[string]string{
		"http://10.245.0.7:7000/metrics": "",
		"http://10.244.0.7:7000/metrics": "10.244.0.7 is not an address of this cluster's pod network 10.245.0.0/16",
		"http://127.0.0.1:8080/":         "127.0.0.1 is not an address of this cluster's pod network 10.245.0.0/16",
		"http://example.org/":            "example.org is not an address of this cluster's pod network 10.245.0.0/16",
		"https://10.245.0.7:7000/":       `"https://10.245.0.7:7000/" is not an absolute http:// URL; use this address as an HTTP proxy (curl -x, Prometheus' proxy_url)`,
	} {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		if got := r.refusePodProxy(req); got != want {
			t.Errorf("%s: got %q, want %q", target, got, want)
		}
	}
	connect := httptest.NewRequest(http.MethodConnect, "http://10.245.0.7:7000", nil)
	if got := r.refusePodProxy(connect); !strings.HasPrefix(got, "CONNECT is not served") {
		t.Errorf("CONNECT: got %q", got)
	}
	relative := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	relative.URL.Scheme, relative.URL.Host = "", ""
	if got := r.refusePodProxy(relative); !strings.Contains(got, "is not an absolute http:// URL") {
		t.Errorf("relative: got %q", got)
	}
}
