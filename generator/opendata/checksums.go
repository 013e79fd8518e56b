package opendata

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// checksums is data/SHA256SUMS over files, hashing each file's Data.
func checksums(files []File) File {
	hashed := make([]File, len(files))
	for i, f := range files {
		f.SHA256 = sha256.Sum256(f.Data)
		hashed[i] = f
	}
	return Checksums(hashed)
}

// Checksums is data/SHA256SUMS, with its Data, over files whose SHA256 is set
// (as Write and Writer return them): a line per file, sorted by path.
func Checksums(files []File) File {
	lines := make([]string, len(files))
	for i, f := range files {
		lines[i] = hex.EncodeToString(f.SHA256[:]) + "  " + strings.TrimPrefix(f.Path, "data/") + "\n"
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i][66:] < lines[j][66:] })
	sum := File{Path: "data/SHA256SUMS", Data: []byte(strings.Join(lines, ""))}
	sum.Size = len(sum.Data)
	sum.SHA256 = sha256.Sum256(sum.Data)
	return sum
}

var sumLineRE = regexp.MustCompile(`^([0-9a-fA-F]{64}) [ *](.+)$`)

// checksums compares data/SHA256SUMS with the files under data/.
func (v *verifier) checksums() {
	const sums = "data/SHA256SUMS"
	data, err := os.ReadFile(filepath.Join(v.root, "data", "SHA256SUMS"))
	if err != nil {
		v.add(sums, 0, "cannot be read (%s): without it nobody can tell whether the data files were altered", errText(err))
		return
	}
	listed := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line == "" {
			continue
		}
		m := sumLineRE.FindStringSubmatch(line)
		if m == nil {
			v.add(sums, n, "is not a checksum line; each line must be a SHA-256 in hex, two spaces, then a path inside data/")
			continue
		}
		name := m[2]
		if !fs.ValidPath(name) || name == "." {
			v.add(sums, n, "%q is not a path inside data/", clip(name))
			continue
		}
		if listed[name] {
			v.add(sums, n, "lists %s a second time", name)
			continue
		}
		listed[name] = true
		file := "data/" + name
		content, err := os.ReadFile(filepath.Join(v.root, "data", filepath.FromSlash(name)))
		if err != nil {
			v.add(sums, n, "lists %s, which cannot be read (%s)", name, errText(err))
			continue
		}
		sum := sha256.Sum256(content)
		if !strings.EqualFold(hex.EncodeToString(sum[:]), m[1]) {
			v.add(file, 0, "has been changed since it was published: its SHA-256 checksum is not the one on line %d of %s", n, sums)
		}
	}
	if err := sc.Err(); err != nil {
		v.add(sums, 0, "cannot be read to the end (%v)", err)
	}
	// Every file in the cycle folders must be listed (data/index.html is a page, not data).
	base := filepath.Join(v.root, "data")
	filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, rerr := filepath.Rel(base, p)
		if rerr != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if strings.Contains(rel, "/") && !listed[rel] {
			v.add("data/"+rel, 0, "is not listed in %s, so nobody can check that it was not altered", sums)
		}
		return nil
	})
}
