// Package load reads a site folder (SPEC §2–§6) into model values and validates it
// (SPEC §8). It reports every problem it finds, each with the file, line and column of
// the key concerned, and never stops at the first: a publicity office fixing its data
// should see the whole list at once.
//
// Reading goes file by file: refuse files over 8 MiB and links out of the site, drop a
// BOM, turn CRLF into LF, refuse text that is not UTF-8 (naming GB18030/GBK), decode the
// TOML (plain.go reads the plain TOML site files are written in; the TOML decoder reads
// the rest and reports syntax errors), then check each table against what the format
// allows (decode.go) and what SPEC §7 needs of each method (indicator.go). Checks that
// need the whole site come last. Scorecards are read on every core. A problem with a
// key, found while the file is checked, is placed where plain.go found the key; other
// positions are found (positions.go) when a problem first needs one, in the file read
// again.
// Stage (staged.go) reads the same site a cycle's scorecards at a time, for builds
// too large to hold every scorecard at once.
//
// Where the SPEC is silent, these choices were made:
//   - A scorecard's status and a rectification's status are required; a group is ranked
//     unless it says ranked = false; a direction is "higher" unless it says otherwise.
//   - A scorecard's entry for a common indicator may give only values: actual, achieved,
//     score, justification, progress, milestones, baseline, source, assessor, evidence,
//     note, limitations and survey (respondents differ per department). The scheme may
//     give milestones, source, assessor, evidence, note and limitations for every
//     department; a scorecard's own value replaces it.
//   - An entry whose id is close to a common indicator's and that has neither name nor
//     method is taken as a misspelling of it, not as an own indicator.
//   - A draft may leave out actual values and whole common indicators (they are merged
//     in without values); its points must still add up to the scheme's total.
//   - base_url without a final "/" gets one, with a warning.
//   - content/<cycle>/ holds _index.md and one page per department with a scorecard in
//     that cycle; content/departments/<id>.md must name a department. Other folders are
//     free pages. Addresses the generator publishes itself (/data/, /departments/,
//     /search/, /feed/, /assets/, a cycle's /methodology/ and /dimensions/) cannot be
//     taken by content, a cycle id or a department id.
//   - Keys a method does not use (floor for ratio, score for rating, …) are warnings.
//   - A cycle folder without a usable scheme.toml is left out of the model.
//   - Text that would show differently from what the file says is refused, with
//     the file and line (text.go): bidi embedding, override and isolate controls
//     (U+202A–U+202E, U+2066–U+2069, which reorder text: "Trojan source"), control
//     characters other than tab and line feed, and noncharacters — in every TOML
//     text value and in Markdown bodies. Messages name the character (U+202E) and
//     never repeat it. Direction marks, zero-width spaces and joiners are kept.
//   - TOML nested more than 32 levels deep (brackets, braces, or the parts of one
//     dotted key) is refused before decoding: the decoder's time grows much faster
//     than the depth, and no site file needs more than four levels.
package load
