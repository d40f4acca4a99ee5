package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The container contract of the deployer's `current` profile (docs/deployer.md): the image runs
// `sh /etc/zklab/start-zookeeper.sh` with the ConfigMap mounted at the script's directory and the data
// volume at /var/lib/zookeeper. localkube runs no images, so it does what that script does, with the
// volume's directory in place of the mount path, and starts the server from ZooKeeper's jars.
const (
	startScript = "start-zookeeper.sh"
	zooCfg      = "zoo.cfg"
	dynamicCfg  = "zoo.cfg.dynamic"
	javaEnv     = "java.env"
	logback     = "logback.xml"
)

func (r *podRuntime) zookeeperCommand(ctx context.Context, pod *corev1.Pod, c corev1.Container, netns string) (*exec.Cmd, error) {
	configMount, scriptOK := "", false
	if len(c.Command) == 2 && c.Command[0] == "sh" && filepath.Base(c.Command[1]) == startScript {
		configMount, scriptOK = filepath.Dir(c.Command[1]), true
	}
	if !scriptOK {
		return nil, fmt.Errorf("localkube runs the zk pods of zklab's `current` profile (command sh <config>/%s);"+
			" this pod runs %q, e.g. the tutorial image's start-zookeeper, which localkube does not support: use imageProfile current",
			startScript, strings.Join(c.Command, " "))
	}
	mounts := map[string]string{} // mount path -> host directory
	var config map[string]string
	for _, m := range c.VolumeMounts {
		vol := volume(pod, m.Name)
		if vol == nil {
			return nil, fmt.Errorf("volume mount %s names no volume", m.Name)
		}
		switch {
		case vol.PersistentVolumeClaim != nil:
			dir, err := r.claimDirectory(ctx, pod.Namespace, vol.PersistentVolumeClaim.ClaimName)
			if err != nil {
				return nil, err
			}
			mounts[m.MountPath] = dir
		case vol.ConfigMap != nil:
			cm, err := r.client.CoreV1().ConfigMaps(pod.Namespace).Get(ctx, vol.ConfigMap.Name, metav1.GetOptions{})
			if err != nil {
				return nil, fmt.Errorf("ConfigMap %s of volume %s: %w", vol.ConfigMap.Name, m.Name, err)
			}
			if m.MountPath == configMount {
				config = cm.Data
			}
		}
	}
	if config == nil {
		return nil, fmt.Errorf("no ConfigMap is mounted at %s, where the start script lives", configMount)
	}
	for _, key := range []string{zooCfg, dynamicCfg, javaEnv, logback} {
		if _, ok := config[key]; !ok {
			return nil, fmt.Errorf("the ConfigMap mounted at %s has no %s", configMount, key)
		}
	}
	mapPath := func(p string) string {
		for mount, dir := range mounts {
			if p == mount || strings.HasPrefix(p, mount+"/") {
				return dir + strings.TrimPrefix(p, mount)
			}
		}
		return p
	}
	settings := parseProperties(config[zooCfg])
	dataDir := settings["dataDir"]
	if dataDir == "" || mapPath(dataDir) == dataDir {
		return nil, fmt.Errorf("zoo.cfg's dataDir %q is not on a persistent volume of the pod", dataDir)
	}
	dataDir = mapPath(dataDir)
	confDir := filepath.Join(filepath.Dir(dataDir), "conf")
	hostname := pod.Spec.Hostname
	if hostname == "" {
		hostname = pod.Name
	}
	ordinal, err := strconv.Atoi(hostname[strings.LastIndex(hostname, "-")+1:])
	if err != nil {
		return nil, fmt.Errorf("hostname %s does not end in an ordinal", hostname)
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(confDir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dataDir, "myid"), []byte(strconv.Itoa(ordinal+1)+"\n"), 0o644); err != nil {
		return nil, err
	}
	for _, key := range []string{javaEnv, logback} {
		if err := os.WriteFile(filepath.Join(confDir, key), []byte(config[key]), 0o644); err != nil {
			return nil, err
		}
	}
	// After a reconfiguration ZooKeeper names its newest membership in zoo.cfg: keep it.
	dynamicLine := ""
	if old, err := os.ReadFile(filepath.Join(confDir, zooCfg)); err == nil {
		for _, line := range strings.Split(string(old), "\n") {
			if strings.HasPrefix(line, "dynamicConfigFile=") {
				dynamicLine = line
			}
		}
	}
	if dynamicLine == "" {
		if err := os.WriteFile(filepath.Join(confDir, dynamicCfg), []byte(config[dynamicCfg]), 0o644); err != nil {
			return nil, err
		}
		dynamicLine = "dynamicConfigFile=" + filepath.Join(confDir, dynamicCfg)
	}
	var cfg strings.Builder
	for _, line := range strings.Split(config[zooCfg], "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(strings.TrimSpace(line), "#") && strings.HasPrefix(v, "/") {
			line = k + "=" + mapPath(v)
		}
		cfg.WriteString(line + "\n")
	}
	cfg.WriteString(dynamicLine + "\n")
	if err := os.WriteFile(filepath.Join(confDir, zooCfg), []byte(cfg.String()), 0o644); err != nil {
		return nil, err
	}
	env, err := r.containerEnv(ctx, pod, c)
	if err != nil {
		return nil, err
	}
	heap, flags, err := sourceJavaEnv(filepath.Join(confDir, javaEnv), env)
	if err != nil {
		return nil, err
	}
	args := []string{"netns", "exec", netns, r.cfg.Java,
		"-Xmx" + heap + "m", "-Xms32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
		"-Djdk.net.hosts.file=" + r.hosts.path, "-Dsun.net.inetaddr.ttl=1", "-Dsun.net.inetaddr.negative.ttl=1",
		"-Dzookeeper.log.dir=" + confDir}
	args = append(args, flags...)
	args = append(args, "-cp", confDir+":"+filepath.Join(r.cfg.ZooKeeperLib, "*"),
		"org.apache.zookeeper.server.quorum.QuorumPeerMain", filepath.Join(confDir, zooCfg))
	cmd := exec.Command("ip", args...)
	cmd.Env = append([]string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=" + hostname}, env...)
	return cmd, nil
}

// claimDirectory is the host directory of a bound claim's PersistentVolume (localkube's provisioner makes host paths).
func (r *podRuntime) claimDirectory(ctx context.Context, namespace, claim string) (string, error) {
	pvc, err := r.client.CoreV1().PersistentVolumeClaims(namespace).Get(ctx, claim, metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("PVC %s: %w", claim, err)
	}
	if pvc.Status.Phase != corev1.ClaimBound || pvc.Spec.VolumeName == "" {
		return "", fmt.Errorf("PVC %s is %s, not Bound yet", claim, pvc.Status.Phase)
	}
	pv, err := r.client.CoreV1().PersistentVolumes().Get(ctx, pvc.Spec.VolumeName, metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("PV %s of PVC %s: %w", pvc.Spec.VolumeName, claim, err)
	}
	switch {
	case pv.Spec.HostPath != nil:
		return pv.Spec.HostPath.Path, nil
	case pv.Spec.Local != nil:
		return pv.Spec.Local.Path, nil
	}
	return "", fmt.Errorf("PV %s is not a host directory; localkube's runtime mounts hostPath and local volumes only", pv.Name)
}

// containerEnv resolves the container's environment (values, Secret and ConfigMap keys, pod fields).
func (r *podRuntime) containerEnv(ctx context.Context, pod *corev1.Pod, c corev1.Container) ([]string, error) {
	var env []string
	for _, e := range c.Env {
		value := e.Value
		if from := e.ValueFrom; from != nil {
			switch {
			case from.SecretKeyRef != nil:
				s, err := r.client.CoreV1().Secrets(pod.Namespace).Get(ctx, from.SecretKeyRef.Name, metav1.GetOptions{})
				if err != nil {
					return nil, fmt.Errorf("env %s: Secret %s: %w", e.Name, from.SecretKeyRef.Name, err)
				}
				b, ok := s.Data[from.SecretKeyRef.Key]
				if !ok {
					return nil, fmt.Errorf("env %s: Secret %s has no key %s", e.Name, s.Name, from.SecretKeyRef.Key)
				}
				value = string(b)
			case from.ConfigMapKeyRef != nil:
				cm, err := r.client.CoreV1().ConfigMaps(pod.Namespace).Get(ctx, from.ConfigMapKeyRef.Name, metav1.GetOptions{})
				if err != nil {
					return nil, fmt.Errorf("env %s: ConfigMap %s: %w", e.Name, from.ConfigMapKeyRef.Name, err)
				}
				value = cm.Data[from.ConfigMapKeyRef.Key]
			case from.FieldRef != nil:
				switch from.FieldRef.FieldPath {
				case "metadata.name":
					value = pod.Name
				case "metadata.namespace":
					value = pod.Namespace
				case "status.podIP":
					value = pod.Status.PodIP
				}
			}
		}
		env = append(env, e.Name+"="+value)
	}
	return env, nil
}

// sourceJavaEnv evaluates java.env as zkEnv.sh does, with the container's environment: the heap in MiB and the JVM flags.
func sourceJavaEnv(path string, env []string) (string, []string, error) {
	cmd := exec.Command("sh", "-c", `. "$1"; printf '%s\n%s\n' "${ZK_SERVER_HEAP:-1000}" "${SERVER_JVMFLAGS:-}"`, "sh", path)
	cmd.Env = append([]string{"PATH=/usr/bin:/bin"}, env...)
	out, err := cmd.Output()
	if err != nil {
		return "", nil, fmt.Errorf("evaluating %s: %w", path, err)
	}
	lines := strings.SplitN(string(out), "\n", 2)
	heap := strings.TrimSpace(lines[0])
	if _, err := strconv.Atoi(heap); err != nil {
		return "", nil, fmt.Errorf("%s sets ZK_SERVER_HEAP=%q, not a number of MiB", path, heap)
	}
	var flags []string
	if len(lines) > 1 {
		flags = strings.Fields(lines[1])
	}
	return heap, flags, nil
}

func parseProperties(text string) map[string]string {
	props := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			props[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return props
}

func volume(pod *corev1.Pod, name string) *corev1.Volume {
	for i := range pod.Spec.Volumes {
		if pod.Spec.Volumes[i].Name == name {
			return &pod.Spec.Volumes[i]
		}
	}
	return nil
}

