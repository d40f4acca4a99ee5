// Command localkube-runtime plays the kubelet for the ZooKeeper pods of a localkube cluster (pods
// labelled app=zk; KWOK's stages leave them alone): for each such pod bound to a node it makes a
// network namespace with the pod's IP, runs the pod's container — its own command, in mount and UTS
// namespaces of its own with its volumes mounted and localkube's image of docker.io/library/zookeeper
// (container.go, image.go) — runs the pod's probes, reports real status, restarts a container that dies
// (with back-off) and stops it gracefully when the pod is deleted or evicted.
//
// `localkube-runtime container SPEC` is the container's first process: it mounts, names the host, takes
// the container's user and runs the container's command. The runtime also serves the nodes' kubelet
// endpoint (kubelet.go): `kubectl exec` into a zk pod runs in its container (`localkube-runtime become`,
// after nsenter), everything else goes on to KWOK's.
//
// With --pod-proxy-address it also serves an HTTP proxy on loopback into the pod network (podproxy.go):
// how a Prometheus on the host scrapes the members' metrics.
//
// `localkube-runtime forward NETNS PORT` is the command KWOK runs for a port-forward: it connects
// stdin/stdout to 127.0.0.1:PORT inside the pod's network namespace, as a kubelet would.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "container" {
		if len(os.Args) != 3 {
			log.Fatal("usage: localkube-runtime container SPEC_FILE")
		}
		// Only returns when the container's command could not be started.
		log.Fatal(runContainer(os.Args[2]))
	}
	if len(os.Args) > 1 && os.Args[1] == "become" {
		log.Fatal(runBecome(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "forward" {
		if len(os.Args) != 4 {
			log.Fatal("usage: localkube-runtime forward NETNS_PATH PORT")
		}
		if err := forward(os.Args[2], os.Args[3]); err != nil {
			log.Fatal(err)
		}
		return
	}
	var cfg Config
	flag.StringVar(&cfg.Kubeconfig, "kubeconfig", "", "kubeconfig of the cluster")
	flag.StringVar(&cfg.Cluster, "cluster", "", "name of the localkube cluster")
	flag.StringVar(&cfg.Dir, "dir", "", "directory for the runtime's files (pods' logs, hosts file)")
	flag.StringVar(&cfg.ClusterNetns, "cluster-netns", "", "network namespace of the cluster (the pod network's bridge lives there)")
	flag.StringVar(&cfg.PodCIDR, "pod-cidr", "10.245.0.0/16", "addresses of the ZooKeeper pods")
	flag.StringVar(&cfg.ZooKeeperLib, "zookeeper-lib", "", "directory of ZooKeeper's jars (the image's lib)")
	flag.StringVar(&cfg.ZooKeeperVersion, "zookeeper-version", "", "ZooKeeper's version: the image is docker.io/library/zookeeper:VERSION")
	flag.StringVar(&cfg.ImageScripts, "image-scripts", "", "localkube/image: the image's bin and conf")
	flag.StringVar(&cfg.Java, "java", "java", "the java binary")
	flag.StringVar(&cfg.KubeletAddress, "kubelet-address", "", "loopback address of the nodes' kubelet endpoint, served here")
	flag.StringVar(&cfg.KwokAddress, "kwok-address", "", "loopback address of KWOK's kubelet endpoint, where what is not served here goes")
	flag.StringVar(&cfg.TLSCert, "tls-cert", "", "the kubelet endpoint's certificate")
	flag.StringVar(&cfg.TLSKey, "tls-key", "", "the kubelet endpoint's key")
	flag.StringVar(&cfg.PodProxyAddress, "pod-proxy-address", "", "loopback address of an HTTP proxy into the pod network (podproxy.go); none when empty")
	flag.DurationVar(&cfg.Interval, "interval", 500*time.Millisecond, "reconcile interval")
	flag.Parse()
	if cfg.Kubeconfig == "" || cfg.Cluster == "" || cfg.Dir == "" || cfg.ClusterNetns == "" || cfg.ZooKeeperLib == "" ||
		cfg.ZooKeeperVersion == "" || cfg.ImageScripts == "" || cfg.KubeletAddress == "" || cfg.KwokAddress == "" ||
		cfg.TLSCert == "" || cfg.TLSKey == "" {
		log.Fatal("usage: localkube-runtime --kubeconfig FILE --cluster NAME --dir DIR --cluster-netns NETNS --zookeeper-lib DIR" +
			" --zookeeper-version VERSION --image-scripts DIR --kubelet-address HOST:PORT --kwok-address HOST:PORT" +
			" --tls-cert FILE --tls-key FILE [--java JAVA] [--pod-proxy-address HOST:PORT]")
	}
	self, err := os.Executable()
	if err != nil {
		log.Fatalf("finding my own path: %v", err)
	}
	cfg.Self = self
	if cfg.Dir, err = filepath.Abs(cfg.Dir); err != nil {
		log.Fatal(err)
	}
	rest, err := clientcmd.BuildConfigFromFlags("", cfg.Kubeconfig)
	if err != nil {
		log.Fatalf("reading kubeconfig %s: %v", cfg.Kubeconfig, err)
	}
	rest.QPS, rest.Burst = 50, 100
	client, err := kubernetes.NewForConfig(rest)
	if err != nil {
		log.Fatalf("creating client: %v", err)
	}
	dyn, err := dynamic.NewForConfig(rest)
	if err != nil {
		log.Fatalf("creating dynamic client: %v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	rt, err := newRuntime(cfg, client, dyn)
	if err != nil {
		log.Fatalf("starting: %v", err)
	}
	log.Printf("running the app=zk pods of cluster %s: pod network %s in netns %s, image %s",
		cfg.Cluster, cfg.PodCIDR, cfg.ClusterNetns, rt.image.name)
	if err := rt.serveKubelet(ctx); err != nil {
		log.Fatalf("starting: %v", err)
	}
	if err := rt.servePodProxy(ctx); err != nil {
		log.Fatalf("starting: %v", err)
	}
	rt.run(ctx)
	log.Printf("stopping every server")
	rt.shutdown()
}

// Config is what the runtime is started with.
type Config struct {
	Kubeconfig, Cluster, Dir, ClusterNetns, PodCIDR, ZooKeeperLib, ZooKeeperVersion, ImageScripts, Java, Self string
	KubeletAddress, KwokAddress, TLSCert, TLSKey, PodProxyAddress                                             string
	Interval                                                                                                  time.Duration
}
