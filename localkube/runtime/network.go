package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

const bridge = "zkbr0"

// network is the ZooKeeper pods' network: a bridge in the cluster's network namespace, and per pod a
// network namespace of its own joined to it by a veth pair, holding the pod's IP and its loopback.
type network struct {
	clusterNetns string
	prefix       string
	subnet       *net.IPNet
	gateway      net.IP
	mu           sync.Mutex
	used         map[string]string // ip -> pod uid
}

func newNetwork(cluster, clusterNetns, cidr string) (*network, error) {
	_, subnet, err := net.ParseCIDR(cidr)
	if err != nil {
		return nil, fmt.Errorf("pod CIDR %q: %w", cidr, err)
	}
	gw := nthIP(subnet, 1)
	n := &network{clusterNetns: clusterNetns, prefix: "lkp-" + cluster + "-", subnet: subnet, gateway: gw, used: map[string]string{}}
	ones, _ := subnet.Mask.Size()
	if _, err := ipCmd("-n", clusterNetns, "link", "show", bridge); err != nil {
		for _, args := range [][]string{
			{"-n", clusterNetns, "link", "add", bridge, "type", "bridge"},
			{"-n", clusterNetns, "addr", "add", fmt.Sprintf("%s/%d", gw, ones), "dev", bridge},
			{"-n", clusterNetns, "link", "set", bridge, "up"},
		} {
			if out, err := ipCmd(args...); err != nil {
				return nil, fmt.Errorf("creating the pod network's bridge: ip %s: %v: %s", strings.Join(args, " "), err, out)
			}
		}
	}
	// Sandboxes of a runtime that died are stale: their processes died with it.
	out, _ := ipCmd("netns", "list")
	for _, line := range strings.Split(out, "\n") {
		if name := strings.Fields(line + " x")[0]; strings.HasPrefix(name, n.prefix) {
			_, _ = ipCmd("netns", "del", name)
		}
	}
	return n, nil
}

// netnsName is the pod sandbox's network namespace.
func (n *network) netnsName(uid string) string {
	return n.prefix + strings.ReplaceAll(uid, "-", "")[:12]
}

func netnsPath(name string) string {
	return "/run/netns/" + name
}

// allocate gives a pod an IP of the pod network: the one it had (after a runtime restart) or a free one.
func (n *network) allocate(uid, previous string) (net.IP, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if ip := net.ParseIP(previous); ip != nil && n.subnet.Contains(ip) {
		if owner, taken := n.used[previous]; !taken || owner == uid {
			n.used[previous] = uid
			return ip, nil
		}
	}
	for ip, owner := range n.used {
		if owner == uid {
			return net.ParseIP(ip), nil
		}
	}
	ones, bits := n.subnet.Mask.Size()
	for i := 2; i < 1<<(bits-ones)-1; i++ {
		ip := nthIP(n.subnet, i)
		if _, taken := n.used[ip.String()]; !taken {
			n.used[ip.String()] = uid
			return ip, nil
		}
	}
	return nil, fmt.Errorf("pod network %s is full", n.subnet)
}

func (n *network) release(uid string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for ip, owner := range n.used {
		if owner == uid {
			delete(n.used, ip)
		}
	}
}

// createSandbox makes the pod's network namespace with its IP on eth0 and loopback up.
func (n *network) createSandbox(uid string, ip net.IP) error {
	ns := n.netnsName(uid)
	veth := "v" + strings.ReplaceAll(uid, "-", "")[:12]
	_, _ = ipCmd("netns", "del", ns)
	_, _ = ipCmd("-n", n.clusterNetns, "link", "del", veth)
	ones, _ := n.subnet.Mask.Size()
	for _, args := range [][]string{
		{"netns", "add", ns},
		{"-n", n.clusterNetns, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns},
		{"-n", n.clusterNetns, "link", "set", veth, "master", bridge, "up"},
		{"-n", ns, "link", "set", "lo", "up"},
		{"-n", ns, "addr", "add", fmt.Sprintf("%s/%d", ip, ones), "dev", "eth0"},
		{"-n", ns, "link", "set", "eth0", "up"},
		{"-n", ns, "route", "add", "default", "via", n.gateway.String()},
	} {
		if out, err := ipCmd(args...); err != nil {
			_, _ = ipCmd("netns", "del", ns)
			return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	return nil
}

func (n *network) deleteSandbox(uid string) {
	_, _ = ipCmd("netns", "del", n.netnsName(uid))
	_, _ = ipCmd("-n", n.clusterNetns, "link", "del", "v"+strings.ReplaceAll(uid, "-", "")[:12])
}

func ipCmd(args ...string) (string, error) {
	out, err := exec.Command("ip", args...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func nthIP(subnet *net.IPNet, n int) net.IP {
	base := binary.BigEndian.Uint32(subnet.IP.To4())
	ip := make(net.IP, 4)
	binary.BigEndian.PutUint32(ip, base+uint32(n))
	return ip
}

// dialInNetns opens a TCP connection from inside a network namespace (the socket stays there).
func dialInNetns(ctx context.Context, nsPath, addr string, timeout time.Duration) (net.Conn, error) {
	type result struct {
		conn net.Conn
		err  error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		// The thread is not unlocked: if switching back failed it must die with this goroutine.
		origin, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			done <- result{nil, err}
			return
		}
		defer origin.Close()
		target, err := os.Open(nsPath)
		if err != nil {
			done <- result{nil, fmt.Errorf("network namespace %s: %w", nsPath, err)}
			return
		}
		defer target.Close()
		if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- result{nil, fmt.Errorf("entering %s: %w", nsPath, err)}
			return
		}
		d := net.Dialer{Timeout: timeout}
		conn, err := d.DialContext(ctx, "tcp", addr)
		if unix.Setns(int(origin.Fd()), unix.CLONE_NEWNET) == nil {
			runtime.UnlockOSThread()
		}
		done <- result{conn, err}
	}()
	r := <-done
	return r.conn, r.err
}

// forward connects stdin/stdout to 127.0.0.1:port in a pod's network namespace (KWOK's port-forward command).
func forward(nsPath, port string) error {
	conn, err := dialInNetns(context.Background(), nsPath, "127.0.0.1:"+port, 10*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Until the server closes: a client that has sent everything may still be reading the answer.
	go func() { _, _ = io.Copy(conn, os.Stdin); _ = conn.(*net.TCPConn).CloseWrite() }()
	_, err = io.Copy(os.Stdout, conn)
	return err
}
