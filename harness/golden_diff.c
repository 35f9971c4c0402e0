/*
 * Unified diffs of transcripts: what `frameloop check` prints, and writes to
 * transcript.diff, when a transcript is not its golden. The common head and
 * tail are cut off first; the rest is a longest-common-subsequence table,
 * which is small for transcripts. A middle too large for the table (over 16M
 * cells) is shown as all removed, then all added: still a correct diff.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"

#define CONTEXT   3
#define MAX_CELLS ((size_t)1 << 24)

typedef struct line {
    const char *s;
    size_t len;
} line;

/* Splits text into lines (without their '\n'); the caller frees the array. */
static line *split(const char *text, size_t len, size_t *n)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += text[i] == '\n';
    line *lines = malloc((count + 2) * sizeof(*lines));
    *n = 0;
    for (size_t start = 0; lines && start < len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        lines[(*n)++] = (line){text + start, end - start};
        start = end + 1;
    }
    return lines;
}

static int same(line a, line b)
{
    return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

/* The edit script as one op per line: ' ' kept, '-' removed from a, '+' added from b. */
typedef struct script {
    char *ops;
    size_t n;
} script;

/* LCS of a[0..n) and b[0..m) into ops (at most n + m). */
static void lcs_ops(const line *a, size_t n, const line *b, size_t m, script *sc)
{
    uint32_t *t = (n + 1) * (m + 1) <= MAX_CELLS ? calloc((n + 1) * (m + 1), sizeof(*t)) : NULL;
    if (!t) {
        memset(sc->ops + sc->n, '-', n);
        memset(sc->ops + sc->n + n, '+', m);
        sc->n += n + m;
        return;
    }
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            T(i, j) = same(a[i], b[j])             ? T(i + 1, j + 1) + 1
                      : T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j)
                                                   : T(i, j + 1);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && same(a[i], b[j])) {
            sc->ops[sc->n++] = ' ';
            i++, j++;
        } else if (j == m || (i < n && T(i + 1, j) >= T(i, j + 1))) {
            sc->ops[sc->n++] = '-';
            i++;
        } else {
            sc->ops[sc->n++] = '+';
            j++;
        }
    }
#undef T
    free(t);
}

/* Prints the hunk of ops [from, to), which starts at line ai of a and bi of b. */
static void print_hunk(FILE *out, const script *sc, size_t from, size_t to, size_t ai, size_t bi,
                       const line *a, const line *b)
{
    size_t na = 0, nb = 0;
    for (size_t k = from; k < to; k++) {
        na += sc->ops[k] != '+';
        nb += sc->ops[k] != '-';
    }
    fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", na ? ai + 1 : ai, na, nb ? bi + 1 : bi, nb);
    for (size_t k = from; k < to; k++) {
        const line *l = sc->ops[k] == '+' ? &b[bi++] : &a[ai++];
        if (sc->ops[k] == ' ')
            bi++;
        fprintf(out, "%c%.*s\n", sc->ops[k], (int)l->len, l->s);
    }
}

/* Groups the changes into hunks with CONTEXT lines around them. */
static void print_hunks(FILE *out, const script *sc, const line *a, const line *b)
{
    size_t ai = 0, bi = 0;
    for (size_t k = 0; k < sc->n;) {
        if (sc->ops[k] == ' ') {
            ai++, bi++, k++;
            continue;
        }
        size_t back = k < CONTEXT ? k : CONTEXT;
        size_t from = k - back, end = k, gap = 0;
        for (; end < sc->n && gap <= 2 * CONTEXT; end++)
            gap = sc->ops[end] == ' ' ? gap + 1 : 0;
        /* end stops past 2*CONTEXT+1 kept lines (or at the end): keep CONTEXT of them. */
        size_t to = end - (gap > CONTEXT ? gap - CONTEXT : 0);
        print_hunk(out, sc, from, to, ai - back, bi - back, a, b);
        for (size_t j = k; j < to; j++) {
            ai += sc->ops[j] != '+';
            bi += sc->ops[j] != '-';
        }
        k = to;
    }
}

size_t fl_golden_text_diff(FILE *out, const char *a_name, const char *a_text, size_t a_len,
                           const char *b_name, const char *b_text, size_t b_len)
{
    size_t n, m, head = 0, tail = 0, changed = 0;
    line *a = split(a_text, a_len, &n), *b = split(b_text, b_len, &m);
    script sc = {malloc(n + m + 1), 0};
    if (!a || !b || !sc.ops) {
        fprintf(out, "(out of memory for the diff)\n");
        changed = 1;
        goto done;
    }
    while (head < n && head < m && same(a[head], b[head]))
        sc.ops[sc.n++] = ' ', head++;
    while (tail < n - head && tail < m - head && same(a[n - 1 - tail], b[m - 1 - tail]))
        tail++;
    lcs_ops(a + head, n - head - tail, b + head, m - head - tail, &sc);
    memset(sc.ops + sc.n, ' ', tail);
    sc.n += tail;
    for (size_t k = 0; k < sc.n; k++)
        changed += sc.ops[k] != ' ';
    if (changed) {
        fprintf(out, "--- %s\n+++ %s\n", a_name, b_name);
        print_hunks(out, &sc, a, b);
    }
done:
    free(a);
    free(b);
    free(sc.ops);
    return changed;
}
