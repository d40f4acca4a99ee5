package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
)

// selector picks the pods this runtime runs: the ensemble's pods (KWOK's stages exclude the same label).
const selector = "app=zk"

type podRuntime struct {
	cfg     Config
	client  kubernetes.Interface
	dyn     dynamic.Interface
	net     *network
	hosts   *hostsFile
	image   image
	mu      sync.Mutex
	workers map[types.UID]*worker
	wg      sync.WaitGroup
}

func newRuntime(cfg Config, client kubernetes.Interface, dyn dynamic.Interface) (*podRuntime, error) {
	n, err := newNetwork(cfg.Cluster, cfg.ClusterNetns, cfg.PodCIDR)
	if err != nil {
		return nil, err
	}
	hosts := newHostsFile(cfg.Dir)
	killOrphans(cfg.Dir)
	java, err := filepath.EvalSymlinks(cfg.Java)
	if err != nil {
		return nil, fmt.Errorf("java %s: %w", cfg.Java, err)
	}
	img := zookeeperImage(cfg.ZooKeeperVersion, cfg.ImageScripts, cfg.ZooKeeperLib, filepath.Dir(filepath.Dir(java)))
	return &podRuntime{cfg: cfg, client: client, dyn: dyn, net: n, hosts: hosts, image: img, workers: map[types.UID]*worker{}}, nil
}

// killOrphans stops containers a previous runtime of this cluster left running (it was killed before it
// could stop them): their pods get new ones, and two servers must never share a data directory. Such a
// process is known by its mounts: its /etc/hosts is a file of this runtime's directory.
func killOrphans(dir string) {
	mark := []byte(" " + filepath.Join(dir, "pods") + "/")
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		mounts, err := os.ReadFile(filepath.Join("/proc", e.Name(), "mountinfo"))
		if err == nil && bytes.Contains(mounts, mark) {
			log.Printf("stopping container pid %d left by a previous runtime", pid)
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

func (r *podRuntime) run(ctx context.Context) {
	ticker := time.NewTicker(r.cfg.Interval)
	defer ticker.Stop()
	for {
		if err := r.reconcile(ctx); err != nil && ctx.Err() == nil {
			log.Printf("reconcile: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// reconcile hands every bound app=zk pod to its worker, and finishes pods nobody runs.
func (r *podRuntime) reconcile(ctx context.Context) error {
	pods, err := r.client.CoreV1().Pods("").List(ctx, metav1.ListOptions{LabelSelector: selector})
	if err != nil {
		return err
	}
	seen := map[types.UID]bool{}
	r.mu.Lock()
	for i := range pods.Items {
		pod := pods.Items[i].DeepCopy()
		seen[pod.UID] = true
		w := r.workers[pod.UID]
		switch {
		case w != nil:
			w.observe(pod)
		case pod.DeletionTimestamp != nil:
			// Never started here (or the runtime restarted): nothing to stop, finish the deletion.
			go r.finishDeletion(context.Background(), pod)
		case pod.Spec.NodeName != "":
			w = newWorker(r, pod)
			r.workers[pod.UID] = w
			r.wg.Add(1)
			go func() {
				defer r.wg.Done()
				w.run(ctx)
				r.mu.Lock()
				delete(r.workers, w.uid)
				r.mu.Unlock()
			}()
		}
	}
	for uid, w := range r.workers {
		if !seen[uid] {
			// Gone from the API server (force-deleted): stop its server at once.
			w.observe(nil)
		}
	}
	r.mu.Unlock()
	return r.hosts.write(pods.Items)
}

// workerOf is the worker of a pod this runtime runs, or nil.
func (r *podRuntime) workerOf(namespace, name string) *worker {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, w := range r.workers {
		if w.namespace == namespace && w.name == name {
			return w
		}
	}
	return nil
}

// finishDeletion removes a pod whose containers are stopped, as a kubelet does once it has cleaned up.
func (r *podRuntime) finishDeletion(ctx context.Context, pod *corev1.Pod) {
	zero := int64(0)
	uid := pod.UID
	err := r.client.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{
		GracePeriodSeconds: &zero, Preconditions: &metav1.Preconditions{UID: &uid}})
	if err != nil && !isGone(err) {
		log.Printf("%s/%s: finishing deletion: %v", pod.Namespace, pod.Name, err)
	}
}

// shutdown stops every server (the runtime is going away; the pods stay).
func (r *podRuntime) shutdown() {
	r.mu.Lock()
	for _, w := range r.workers {
		w.shutdown()
	}
	r.mu.Unlock()
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		log.Printf("some servers did not stop in 20s")
	}
}
