// Package e2e checks the example site at the repository root as a reader meets
// it: built with the real pipeline, served over loopback, opened in headless
// Chromium, validated by the Nu HTML Checker and axe-core, and crawled link by
// link under a base URL with a path. It has only tests; run them with
//
//	go test ./generator/e2e/ -v
//
// after `bash .ci/install`. Without Chromium, Java or the npm checkers the
// browser and validator tests skip and say what to install; with CI=true they
// fail instead. -short skips them too, leaving the link crawl.
package e2e
