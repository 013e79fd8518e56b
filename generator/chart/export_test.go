package chart

// Checking makes the builders check every option against the encoding/json
// reference until the returned function is called, which reports how many
// were checked and the first that differed.
var Checking = checking
