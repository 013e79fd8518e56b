// Package theme is the built-in default theme: page templates (layouts/), the
// files copied to every site as they are (static/) and the interface text in
// each supported language (i18n/). It is embedded so that a build needs nothing
// but a site's own files.
package theme

import "embed"

// FS holds layouts/, static/ and i18n/ of the default theme.
//
//go:embed all:layouts all:static all:i18n
var FS embed.FS
