package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
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

func TestJavaEnvIsEvaluatedWithTheContainersEnvironment(t *testing.T) {
	path := filepath.Join(t.TempDir(), "java.env")
	os.WriteFile(path, []byte("ZK_SERVER_HEAP=512\nSERVER_JVMFLAGS=\"-Dsuper=${ZK_SUPER_DIGEST} ${SERVER_JVMFLAGS:-}\"\n"), 0o644)
	heap, flags, err := sourceJavaEnv(path, []string{"ZK_SUPER_DIGEST=super:abc="})
	if err != nil {
		t.Fatal(err)
	}
	if heap != "512" || len(flags) != 1 || flags[0] != "-Dsuper=super:abc=" {
		t.Fatalf("heap %q flags %q", heap, flags)
	}
	os.WriteFile(path, []byte("ZK_SERVER_HEAP=lots\n"), 0o644)
	if _, _, err := sourceJavaEnv(path, nil); err == nil || !strings.Contains(err.Error(), "not a number of MiB") {
		t.Fatalf("a heap that is not a number must be refused, got %v", err)
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
