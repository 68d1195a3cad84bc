package data

// The resource search ranks full-text matches by BM25 inside SQLite:
// handing every match of a short, broad prefix (thousands of rows) to Go
// to be scored cost ten times what the search itself does. FTS5 has bm25
// built in, but go-sqlite3 builds FTS5 only with a build tag, which every
// build and test command would then need; FTS4's matchinfo and this small
// SQL function need nothing. The function is registered for every
// connection SQLite opens in this process (sqlite3_auto_extension), and
// links against the SQLite that go-sqlite3 compiles in.

/*
#cgo LDFLAGS: -lm
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;
typedef struct sqlite3_api_routines sqlite3_api_routines;

extern int sqlite3_auto_extension(void (*)(void));
extern int sqlite3_create_function(sqlite3 *, const char *, int, int, void *,
	void (*)(sqlite3_context *, int, sqlite3_value **),
	void (*)(sqlite3_context *, int, sqlite3_value **),
	void (*)(sqlite3_context *));
extern const void *sqlite3_value_blob(sqlite3_value *);
extern int sqlite3_value_bytes(sqlite3_value *);
extern double sqlite3_value_double(sqlite3_value *);
extern void sqlite3_result_double(sqlite3_context *, double);

#define KINDRED_UTF8 1
#define KINDRED_DETERMINISTIC 0x000000800
#define KINDRED_INNOCUOUS 0x000200000

// kindred_bm25(matchinfo(t, 'pcnalx'), weight...) is the BM25 score of a
// row (k1 = 1.2, b = 0.75), each column's part times its weight; columns
// past the weights given count for nothing. matchinfo 'pcnalx' is p
// phrases, c columns, n rows, a average tokens per column, l this row's
// tokens per column, then for each phrase and column the hits in this
// row, in all rows, and the number of rows with a hit.
static void kindred_bm25(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	const double k1 = 1.2, b = 0.75;
	const unsigned char *blob = sqlite3_value_blob(argv[0]);
	int size = sqlite3_value_bytes(argv[0]) / 4;
	uint32_t v[3 + 2 * 8 + 3 * 8 * 8];
	double score = 0;
	if (blob == 0 || size < 3 || size > (int)(sizeof v / sizeof v[0])) {
		sqlite3_result_double(ctx, 0);
		return;
	}
	memcpy(v, blob, (size_t)size * 4);
	int p = (int)v[0], c = (int)v[1];
	double n = v[2];
	if (size < 3 + 2 * c + 3 * p * c) {
		sqlite3_result_double(ctx, 0);
		return;
	}
	const uint32_t *avg = v + 3, *len = v + 3 + c, *x = v + 3 + 2 * c;
	for (int i = 0; i < p; i++) {
		for (int j = 0; j < c && j < argc - 1; j++) {
			double tf = x[3 * (i * c + j)];
			if (tf == 0) {
				continue;
			}
			double docs = x[3 * (i * c + j) + 2];
			double idf = fmax(log((n - docs + 0.5) / (docs + 0.5)), 0.01);
			double a = fmax((double)avg[j], 1);
			score += sqlite3_value_double(argv[j + 1]) * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * (double)len[j] / a));
		}
	}
	sqlite3_result_double(ctx, score);
}

static int kindred_init(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
	return sqlite3_create_function(db, "kindred_bm25", -1, KINDRED_UTF8 | KINDRED_DETERMINISTIC | KINDRED_INNOCUOUS,
		0, kindred_bm25, 0, 0);
}

static int kindred_register(void) {
	return sqlite3_auto_extension((void (*)(void))kindred_init);
}
*/
import "C"

import (
	"fmt"
	"sync"
)

var registerRanking = sync.OnceValue(func() error {
	if rc := C.kindred_register(); rc != 0 {
		return fmt.Errorf("register the search ranking function with SQLite: code %d", int(rc))
	}
	return nil
})
