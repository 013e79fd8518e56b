package load

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"perfsite/generator/diag"
	"perfsite/generator/internal/parallel"
	"perfsite/generator/model"
)

// Site reads and validates the site in dir, judging due dates against today.
// The model may be partial when there are errors.
func Site(dir string) (*model.Site, *diag.List) {
	now := time.Now()
	return SiteAt(dir, model.Date{Year: now.Year(), Month: int(now.Month()), Day: now.Day()})
}

// SiteAt is Site with a fixed "today", so overdue warnings are reproducible.
func SiteAt(dir string, today model.Date) (*model.Site, *diag.List) {
	l := newLoader(dir, today)
	l.load()
	return l.site, &l.diags
}

type loader struct {
	dir   string
	root  string // dir with links resolved, to tell whether a link stays inside
	today model.Date
	diags diag.List
	site  *model.Site

	groups      map[string]*model.Group
	depts       map[string]*model.Department
	deptsLoaded bool // departments.toml was read: references to departments can be checked

	// cardFiles are the scorecard files of each cycle, read or not: a scorecard with a
	// syntax error is reported once, not again as missing.
	cardFiles map[string]map[string]bool

	cache     *Cache            // parsed scorecards of the previous load; nil: none
	strs      map[string]string // strings shared by the model, for files read one after another
	scratches *scratches        // for scorecards, read on every core
	stopped   bool              // the site folder is missing, or reading it panicked
}

func newLoader(dir string, today model.Date) *loader {
	return &loader{
		dir:       dir,
		today:     today,
		site:      &model.Site{Dir: dir},
		groups:    map[string]*model.Group{},
		depts:     map[string]*model.Department{},
		strs:      map[string]string{},
		scratches: newScratches(),

		cardFiles: map[string]map[string]bool{},
	}
}

func (l *loader) load() {
	defer l.recoverInternal()
	if !l.start() {
		return
	}
	l.config()
	l.departments()
	l.cycles()
	l.content()
	l.crossChecks()
}

// recoverInternal reports a panic as a problem instead of crashing the caller, and
// stops the loader: what it read may be inconsistent.
func (l *loader) recoverInternal() {
	if r := recover(); r != nil {
		l.diags.Errorf(diag.Pos{File: "."}, "internal error while reading the site: %v; please report this with the files that caused it", r)
		l.stopped = true
	}
}

// start checks that the site folder exists and finds its real path.
func (l *loader) start() bool {
	info, err := os.Stat(l.dir)
	if err != nil || !info.IsDir() {
		l.diags.Errorf(diag.Pos{File: "."}, "site folder %s not found", l.dir)
		l.stopped = true
		return false
	}
	root, err := filepath.EvalSymlinks(l.dir)
	if err != nil {
		root = l.dir
	}
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	l.root = root
	return true
}

// config reads site.toml (SPEC §3).
func (l *loader) config() {
	const rel = "site.toml"
	t := l.decodeFile(rel, "site.toml", true)
	c := &l.site.Config
	c.Language = "zh-CN"
	c.Theme = "default"
	if t == nil {
		return
	}
	c.Origin = t.origin()
	t.check("title", "base_url", "language", "theme", "description", "sample_data", "unsafe_html", "feedback", "open_data")
	c.Title = t.str("title", true)
	c.BaseURL = baseURL(t)
	if t.has("language") {
		lang := t.str("language", false)
		switch lang {
		case "zh-CN", "en":
			c.Language = lang
		default:
			t.errorf("language", "language must be \"zh-CN\" or \"en\", not %q%s", lang, didYouMean(lang, []string{"zh-CN", "en"}))
		}
	}
	if t.has("theme") {
		theme := t.str("theme", true)
		if theme != "" && !isID(theme) {
			t.errorf("theme", "theme %q is not a usable folder name: %s", theme, idRule)
		} else if theme != "" {
			c.Theme = theme
		}
	}
	c.Description = t.str("description", false)
	c.SampleData = t.flag("sample_data", false)
	c.UnsafeHTML = t.flag("unsafe_html", false)

	if fb := t.sub("feedback", "[feedback]"); fb != nil {
		fb.check("email", "phone", "url")
		c.Feedback.Email = strings.TrimSpace(fb.str("email", false))
		c.Feedback.Phone = strings.TrimSpace(fb.str("phone", false))
		c.Feedback.URL = strings.TrimSpace(fb.str("url", false))
		if c.Feedback.Email != "" && !strings.Contains(c.Feedback.Email, "@") {
			fb.errorf("email", "email %q is not an e-mail address", c.Feedback.Email)
		}
		if c.Feedback.URL != "" {
			if msg := webAddress(c.Feedback.URL); msg != "" {
				fb.errorf("url", "url %s", msg)
			}
		}
		if c.Feedback.Email == "" && c.Feedback.Phone == "" && c.Feedback.URL == "" {
			fb.errorf("", "[feedback] needs at least one of email, phone or url, so readers can reach you")
		}
	} else if !t.has("feedback") {
		t.errorf("", "site.toml has no [feedback] table: add one with at least one of email, phone or url, so readers can reach you")
	}
	if od := t.sub("open_data", "[open_data]"); od != nil {
		od.check("license")
		c.OpenData.License = od.str("license", false)
	}
}

// baseURL checks base_url: an absolute http(s) address that ends with "/" (added, with
// a warning, when left out: every page address is joined to it).
func baseURL(t *table) string {
	u := strings.TrimSpace(t.str("base_url", true))
	if u == "" {
		return ""
	}
	if msg := webAddress(u); msg != "" {
		t.errorf("base_url", "base_url %s", msg)
		return u
	}
	if strings.ContainsAny(u, "?#") {
		t.errorf("base_url", "base_url must not have a ? query or # fragment: %q", u)
		return u
	}
	if !strings.HasSuffix(u, "/") {
		t.warnf("base_url", "base_url should end with \"/\"; using %q", u+"/")
		u += "/"
	}
	return u
}

// webAddress checks an absolute http(s) address; it returns what is wrong, or "".
func webAddress(u string) string {
	lower := strings.ToLower(u)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		return fmt.Sprintf("must be a full web address starting with https:// or http://, not %q", u)
	}
	rest := u[strings.Index(u, "//")+2:]
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	if host == "" || strings.ContainsAny(host, " \t@") {
		return fmt.Sprintf("must name a host, like https://perf.example.gov.cn/, not %q", u)
	}
	if strings.ContainsAny(u, " \t\n") {
		return fmt.Sprintf("must not contain spaces: %q", u)
	}
	return ""
}

// decodeFile reads and decodes a TOML file of the site. A missing file is reported
// when required.
func (l *loader) decodeFile(rel, what string, required bool) *table {
	text, st := l.read(rel)
	switch st {
	case readMissing:
		if required {
			l.diags.Errorf(diag.Pos{File: rel}, "%s not found; every site needs one (see SPEC §2)", rel)
		}
		return nil
	case readFailed:
		return nil
	}
	t := decodeIn(nil, l.fileSource(rel, text), text, 0, &l.diags)
	if t != nil {
		t.what = what
		t.d.strs = l.strs
	}
	return t
}

// departments reads data/departments.toml (SPEC §4).
func (l *loader) departments() {
	const rel = "data/departments.toml"
	t := l.decodeFile(rel, "departments.toml", true)
	if t == nil {
		return
	}
	l.deptsLoaded = true
	t.check("group", "department")
	groupIDs := []string{}
	for _, g := range t.tables("group", "[[group]]") {
		g.check("id", "name", "ranked")
		grp := &model.Group{ID: g.id("id"), Name: g.str("name", true), Ranked: g.flag("ranked", true), Origin: g.origin()}
		if grp.ID == "" {
			continue
		}
		if prev, ok := l.groups[grp.ID]; ok {
			g.errorf("id", "duplicate group id %q: already used at %s", grp.ID, prev.Pos("id"))
			continue
		}
		l.groups[grp.ID] = grp
		groupIDs = append(groupIDs, grp.ID)
		l.site.Groups = append(l.site.Groups, grp)
	}
	if !t.has("group") {
		t.errorf("", "departments.toml has no [[group]]: add at least one, e.g. [[group]] id = \"economic\" name = \"经济发展类\"")
	}
	for _, d := range t.tables("department", "[[department]]") {
		d.check("id", "name", "short_name", "group", "website", "description")
		dep := &model.Department{
			ID:          d.id("id"),
			Name:        d.str("name", true),
			ShortName:   d.str("short_name", false),
			Group:       d.str("group", true),
			Website:     d.str("website", false),
			Description: d.str("description", false),
			Origin:      d.origin(),
		}
		if dep.Group != "" && l.groups[dep.Group] == nil && len(l.groups) > 0 {
			d.errorf("group", "unknown group %q%s", dep.Group, known(dep.Group, groupIDs, "groups"))
		}
		if dep.Website != "" {
			if msg := webAddress(dep.Website); msg != "" {
				d.errorf("website", "website %s", msg)
			}
		}
		if dep.ID == "" {
			continue
		}
		if reservedInCycle[dep.ID] {
			d.errorf("id", "department id %q would publish the same address /<cycle>/%s/ as the cycle's %s page; choose another id", dep.ID, dep.ID, dep.ID)
		}
		if prev, ok := l.depts[dep.ID]; ok {
			d.errorf("id", "duplicate department id %q: already used at %s", dep.ID, prev.Pos("id"))
			continue
		}
		l.depts[dep.ID] = dep
		l.site.Departments = append(l.site.Departments, dep)
	}
	if !t.has("department") {
		t.errorf("", "departments.toml has no [[department]]: add the departments that are assessed")
	}
}

// known is the tail of an "unknown x" message: a did-you-mean, or the list of what
// exists when nothing is close.
func known(word string, ids []string, what string) string {
	if s := suggest(word, ids); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	if len(ids) == 0 {
		return fmt.Sprintf("; no %s are defined", what)
	}
	list := ids
	more := ""
	if len(list) > 12 {
		list, more = list[:12], ", …"
	}
	return fmt.Sprintf("; the %s are: %s%s", what, strings.Join(list, ", "), more)
}

// reservedTop are first URL segments the generator itself publishes.
var reservedTop = map[string]bool{"data": true, "departments": true, "search": true, "feed": true, "assets": true}

// reservedInCycle are URL segments the generator publishes inside a cycle.
var reservedInCycle = map[string]bool{"methodology": true, "dimensions": true}

// cycles reads every data/<cycle>/ folder (SPEC §5, §6).
func (l *loader) cycles() {
	folders := l.cycleFolders()
	for _, f := range folders {
		l.cards(f)
	}
	l.useCycles(folders)
}

// cycleFolders lists the data/<cycle>/ folders and reads the scheme of each.
func (l *loader) cycleFolders() []*cycleFolder {
	dataAbs, _, st := l.resolve("data")
	if st != readOK {
		if st == readMissing {
			l.diags.Errorf(diag.Pos{File: "data"}, "data/ folder not found; it holds departments.toml and one folder per cycle")
		}
		return nil
	}
	entries, err := os.ReadDir(dataAbs)
	if err != nil {
		l.diags.Errorf(diag.Pos{File: "data"}, "cannot list data/: %v", plainErr(err))
		return nil
	}
	var folders []*cycleFolder
	for _, e := range entries {
		name := e.Name()
		rel := "data/" + name
		if skipName(name) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			_, info, st := l.resolve(rel)
			if st != readOK {
				continue
			}
			isDir = info.IsDir()
		}
		if !isDir {
			if name != "departments.toml" && strings.HasSuffix(name, ".toml") {
				l.diags.Warnf(diag.Pos{File: rel}, "%s is not read: scorecards go in data/<cycle>/, and the only file directly in data/ is departments.toml", rel)
			}
			continue
		}
		if !cycleIDRE.MatchString(name) {
			l.diags.Errorf(diag.Pos{File: rel}, "cycle folder name %q is not a valid cycle id: cycle ids may use only lowercase letters a-z, digits 0-9, - and _, must start with a letter or digit and be at most 64 characters", name)
			continue
		}
		if reservedTop[name] {
			l.diags.Errorf(diag.Pos{File: rel}, "cycle %q would publish the same address /%s/ as the site's built-in %s page; rename the folder", name, name, name)
		}
		if f := l.cycleFolder(name); f != nil {
			folders = append(folders, f)
		}
	}
	return folders
}

// useCycles makes the site's Cycles, by id, those of folders whose scheme can be
// used: a cycle is only usable with its scheme, and the problem is reported.
func (l *loader) useCycles(folders []*cycleFolder) {
	for _, f := range folders {
		if f.cycle.Scheme != nil {
			l.site.Cycles = append(l.site.Cycles, f.cycle)
		}
	}
	sort.Slice(l.site.Cycles, func(i, j int) bool { return l.site.Cycles[i].ID < l.site.Cycles[j].ID })
}

// skipName tells files to leave alone: hidden files and editors' backups.
func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp")
}

// cycleFolder is a data/<cycle>/ folder whose scheme has been read.
type cycleFolder struct {
	cycle *model.Cycle // its Scheme is nil when the scheme cannot be used
	names []string     // the scorecard files, sorted
	read  bool         // the scorecards have been read
}

// cycleFolder lists one cycle folder and reads its scheme; its scorecards are read
// by cards.
func (l *loader) cycleFolder(id string) *cycleFolder {
	dirRel := "data/" + id
	abs, _, st := l.resolve(dirRel)
	if st != readOK {
		return nil
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		l.diags.Errorf(diag.Pos{File: dirRel}, "cannot list %s/: %v", dirRel, plainErr(err))
		return nil
	}
	f := &cycleFolder{cycle: &model.Cycle{ID: id, Scheme: l.scheme(dirRel + "/scheme.toml")}}
	for _, e := range entries {
		name := e.Name()
		if skipName(name) || name == "scheme.toml" || !strings.HasSuffix(name, ".toml") {
			continue
		}
		f.names = append(f.names, name)
	}
	sort.Strings(f.names)
	l.cardFiles[id] = map[string]bool{}
	for _, name := range f.names {
		l.cardFiles[id][strings.TrimSuffix(name, ".toml")] = true
	}
	return f
}

// cards reads the scorecards of f into its cycle's Cards; without a scheme it only
// reports their syntax.
func (l *loader) cards(f *cycleFolder) {
	f.read = true
	c, names := f.cycle, f.names
	dirRel := "data/" + c.ID
	// Scorecards are independent of each other: read them on every core. Each has
	// its own list of problems, added in file order, so the result does not depend
	// on which finished first.
	cards := make([]*model.Scorecard, len(names))
	diags := make([]diag.List, len(names))
	keys := make([][32]byte, len(names))
	reused := make([]bool, len(names))
	var context [32]byte
	if l.cache != nil {
		context = l.cycleContext(dirRel)
	}
	parallel.Each(len(names), func(i int) {
		sub := *l
		sub.diags = diag.List{}
		rel := dirRel + "/" + names[i]
		if e, ok := l.cache.unread(rel, context); ok && c.Scheme != nil {
			cards[i], diags[i], reused[i], keys[i] = e.card, e.diags, true, e.key
			return
		}
		buf := readBuffers.Get().(*[]byte)
		defer readBuffers.Put(buf)
		data, st := sub.readInto(rel, buf)
		if st == readOK && c.Scheme != nil && l.cache != nil {
			keys[i] = l.cardKey(context, data)
			if e, ok := l.cache.get(rel, keys[i]); ok {
				cards[i], diags[i], reused[i] = e.card, e.diags, true
				return
			}
		}
		switch {
		case st != readOK:
		case c.Scheme == nil:
			// Without a scheme a scorecard cannot be checked; still report its syntax.
			decode(rel, string(data), 0, &sub.diags)
		default:
			cards[i] = sub.card(rel, strings.TrimSuffix(names[i], ".toml"), borrowText(data), c.Scheme)
		}
		diags[i] = sub.diags
	})
	if l.cache != nil {
		for i, name := range names {
			rel := dirRel + "/" + name
			if reused[i] {
				l.cache.Reused++
				continue
			}
			l.cache.Parsed++
			if cards[i] != nil {
				l.cache.cards[rel] = cachedCard{key: keys[i], context: context, card: cards[i], diags: diags[i]}
			} else {
				delete(l.cache.cards, rel)
			}
		}
	}
	for i := range names {
		l.diags.Add(&diags[i])
		if cards[i] != nil {
			c.Cards = append(c.Cards, cards[i])
		}
	}
	sort.Slice(c.Cards, func(i, j int) bool { return c.Cards[i].Department < c.Cards[j].Department })
}

// crossChecks are the checks that need the whole site.
func (l *loader) crossChecks() {
	l.checkContent()
	for _, c := range l.site.Cycles {
		if c.Scheme == nil {
			continue
		}
		for _, d := range l.site.Departments {
			if !l.cardFiles[c.ID][d.ID] {
				l.diags.Warnf(d.Pos("id"), "department %q has no scorecard in cycle %s (data/%s/%s.toml)", d.ID, c.ID, c.ID, d.ID)
			}
		}
		if !l.deptsLoaded {
			continue
		}
		for _, in := range c.Scheme.Indicators {
			if len(in.Groups) == 0 {
				continue
			}
			match := false
			for _, d := range l.site.Departments {
				if contains(in.Groups, d.Group) {
					match = true
					break
				}
			}
			if !match {
				l.diags.Warnf(in.Origin.Pos("groups"), "common indicator %q applies to groups %s, but no department is in them", in.ID, strings.Join(in.Groups, ", "))
			}
		}
	}
}
