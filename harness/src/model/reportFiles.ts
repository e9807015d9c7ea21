/** The file names a report folder holds: written by the JSON reporter, read by `replay` and `report`. */
export const RESULTS_FILE = 'results.json';
export const HISTORY_FILE = 'history.jsonl';
