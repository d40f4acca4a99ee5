package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// image is what a container image gives its container, for the one image localkube has: the
// `current` profile's docker.io/library/zookeeper, made of ZooKeeper's Maven artifacts and the scripts
// in localkube/image (see its README). The one place that knows where those files go.
type image struct {
	name    string
	prefix  string            // ZooKeeper's home in the image, e.g. /apache-zookeeper-3.9.5-bin
	mounts  map[string]string // path in the container -> host directory
	env     []string
	command []string // the image's command, for a container that names none
}

// zookeeperImage is the image of docker.io/library/zookeeper:VERSION: ZooKeeper under
// /apache-zookeeper-VERSION-bin, its bin on the PATH, the host's JDK as JAVA_HOME.
func zookeeperImage(version, scripts, lib, javaHome string) image {
	prefix := "/apache-zookeeper-" + version + "-bin"
	return image{
		name:   "docker.io/library/zookeeper:" + version,
		prefix: prefix,
		mounts: map[string]string{
			prefix + "/bin":  filepath.Join(scripts, "bin"),
			prefix + "/conf": filepath.Join(scripts, "conf"),
			prefix + "/lib":  lib,
		},
		env: []string{
			"PATH=" + prefix + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
			"JAVA_HOME=" + javaHome,
			"ZOO_CONF_DIR=/conf", "ZOO_DATA_DIR=/data", "ZOO_DATA_LOG_DIR=/datalog", "ZOO_LOG_DIR=/logs",
		},
		command: []string{"zkServer.sh", "start-foreground"},
	}
}

// matches tells whether a pod's image reference is this image (docker.io/library/ and :tag as Docker reads them).
func (i image) matches(ref string) bool {
	return normalizeImage(ref) == i.name
}

func (i image) refuse(ref string) error {
	return fmt.Errorf("localkube runs no container images; it gives the zk pods the files of %s (imageProfile current)"+
		" and this pod runs %s, e.g. the tutorial profile's image: use imageProfile current", i.name, ref)
}

func normalizeImage(ref string) string {
	name := ref
	if !strings.Contains(strings.SplitN(name, "/", 2)[0], ".") || !strings.Contains(name, "/") {
		if !strings.Contains(name, "/") {
			name = "library/" + name
		}
		name = "docker.io/" + name
	}
	if !strings.Contains(name[strings.LastIndex(name, "/")+1:], ":") {
		name += ":latest"
	}
	return name
}
