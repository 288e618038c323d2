/* rocauc.core._kernels: the loops of the exact float32 AUC that numpy can only write as several passes.
 *
 * A packed key is ((order-preserving key of the float32 score) - low) * 2 + label, as uint32; a plain sort of
 * the keys orders the scores and puts, within a tie, the negatives first. Three loops use it:
 *   pack(score, label, out, low, cuts, starts, sizes): the keys of a block of rows, each written to its range
 *       (range j: the keys from cuts[j - 1] up to below cuts[j]), range j at out[starts[j]:starts[j] + sizes[j]];
 *   range_sizes(score, low, cuts): how many keys of a block fall in each range;
 *   count(sorted keys): (positives, negatives, twice the Mann-Whitney U with ties counting one half);
 *   merge_count(sorted keys, sorted keys): count() of the two merged, without a copy;
 *   merge_sorted(sorted keys, sorted keys, out): the two merged into out;
 *   histogram(score, label, out, shift, low): rows per (bucket, label), a bucket being the order-preserving key
 *       of the score shifted right by shift, from bucket low (out: uint32, negatives and positives of bucket low,
 *       then of the next bucket...): the certified sketch of a block in one pass;
 *   histogram_from(score, label, out, shift, low, start): the same from row start on, stopping (without an
 *       error) before the first block of 4096 rows holding a bucket outside the table; returns where it stopped,
 *       so a caller that adds several blocks into one table widens it and carries on;
 *   merge(buckets, pos, neg, buckets, pos, neg, out_buckets, out_pos, out_neg): two sketches (ascending distinct
 *       int64 buckets, float64 weights) added in one merge, the number of buckets returned;
 *   tally(keys, cells, low) and count_cells(cells): count(sorted keys) of keys in any order whose span is small,
 *       by one table of rows per packed key (cells[key - low], low even) instead of a sort.
 * Every loop releases the GIL, so blocks and ranges run side by side on threads. rocauc/core/kernels.py checks
 * the arguments and falls back to numpy where this module is not built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_CUTS 255

/* Loops written 8 rows at a time for x86-64 processors with AVX2 (checked when the loop runs); the plain loops
   serve every other processor, and the rows a vector loop leaves */
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define VECTOR_LOOPS 1
#define VECTOR_TARGET __attribute__((target("avx2,popcnt")))
static int has_avx2(void) { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"); }
#endif

/* Loops whose every row depends on the last one keep too few reads in flight for the hardware to fetch ahead: they
   ask for the data 2 kB ahead themselves  */
#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch((const void *)(address))
#else
#define PREFETCH(address) ((void)0)
#endif

/* target = condition ? value : target, as a conditional move: compilers turn the plain form into a branch, which
   mispredicts on every other tie in sorted keys and costs more than the rest of the loop */
#if defined(__GNUC__) && defined(__x86_64__)
#define SELECT(target, condition, value) \
    __asm__("test %1, %1\n\tcmovnz %2, %0" : "+r"(target) : "r"(condition), "r"(value) : "cc")
#elif defined(__GNUC__) && defined(__aarch64__)
#define SELECT(target, condition, value) \
    __asm__("cmp %1, #0\n\tcsel %0, %2, %0, ne" : "+r"(target) : "r"(condition), "r"(value) : "cc")
#else
#define SELECT(target, condition, value) ((target) = (condition) ? (value) : (target))
#endif

static inline uint32_t ordered(uint32_t bits)
{
    if (bits == 0x80000000u) /* -0.0 ranks with +0.0 */
        bits = 0;
    /* scores >= 0: set the sign bit; scores < 0: flip every bit */
    uint32_t mask = (uint32_t)((int32_t)bits >> 31) | 0x80000000u;
    return bits ^ mask;
}

static int read_cuts(PyObject *seq, uint32_t *cuts, Py_ssize_t *n_cuts)
{
    PyObject *fast = PySequence_Fast(seq, "cuts must be a sequence of ints");
    if (fast == NULL)
        return -1;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(fast);
    if (m > MAX_CUTS) {
        Py_DECREF(fast);
        PyErr_SetString(PyExc_ValueError, "too many cuts");
        return -1;
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        unsigned long v = PyLong_AsUnsignedLong(PySequence_Fast_GET_ITEM(fast, j));
        if (PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
        cuts[j] = (uint32_t)v;
    }
    Py_DECREF(fast);
    *n_cuts = m;
    return 0;
}

/* the range of a key: the number of cuts at or below it (cuts ascending, few) */
static inline Py_ssize_t range_of(uint32_t key, const uint32_t *cuts, Py_ssize_t n_cuts)
{
    Py_ssize_t r = 0;
    for (Py_ssize_t j = 0; j < n_cuts; j++)
        r += key >= cuts[j];
    return r;
}

/* A table of the range of every block of 2**16 keys (the top 16 bits of a key): its lowest key's range, with
   MIXED set where a cut falls inside the block (then the cuts decide). Built in one walk over blocks and cuts. */
#define MIXED 0x8000u
static void build_table(const uint32_t *cuts, Py_ssize_t n_cuts, uint16_t *table)
{
    Py_ssize_t j = 0;
    for (uint32_t b = 0; b < 65536u; b++) {
        uint32_t first = b << 16, last = first | 0xFFFFu;
        while (j < n_cuts && cuts[j] <= first)
            j++;
        table[b] = (uint16_t)(j | (j < n_cuts && cuts[j] <= last ? MIXED : 0u));
    }
}

static inline Py_ssize_t range_in(uint32_t key, const uint16_t *table, const uint32_t *cuts, Py_ssize_t n_cuts)
{
    uint16_t t = table[key >> 16];
    return t & MIXED ? range_of(key, cuts, n_cuts) : (Py_ssize_t)t;
}

static int read_sizes(PyObject *seq, Py_ssize_t *out, Py_ssize_t m, const char *what)
{
    PyObject *fast = PySequence_Fast(seq, "starts and sizes must be sequences of ints");
    if (fast == NULL)
        return -1;
    if (PySequence_Fast_GET_SIZE(fast) != m) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s needs one entry per range (len(cuts) + 1)", what);
        return -1;
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        out[j] = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(fast, j));
        if (PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
    }
    Py_DECREF(fast);
    return 0;
}

#ifdef VECTOR_LOOPS
/* split_table[m]: the lanes set in the 8-bit mask m, in order (then lane 0 again): the permutation that gathers them */
static uint32_t split_table[256][8];

static void build_split_table(void)
{
    for (int m = 0; m < 256; m++) {
        int next = 0;
        for (int lane = 0; lane < 8; lane++)
            if (m >> lane & 1)
                split_table[m][next++] = (uint32_t)lane;
        while (next < 8)
            split_table[m][next++] = 0;
    }
}

/* pack with one cut, 8 rows at a time, while both ranges have room for 8 more keys: each 8 keys are gathered below
   and above the cut and written whole (the lanes past the count are overwritten by the next write). Returns the
   rows done; *a and *b hold the keys written to w0 and w1. */
VECTOR_TARGET static Py_ssize_t split_avx2(const uint32_t *s, const uint8_t *y, Py_ssize_t n, uint32_t lo,
                                           uint32_t cut, uint32_t *w0, Py_ssize_t size0, uint32_t *w1,
                                           Py_ssize_t size1, Py_ssize_t *a_out, Py_ssize_t *b_out)
{
    const __m256i sign = _mm256_set1_epi32((int)0x80000000u), low = _mm256_set1_epi32((int)lo);
    const __m256i one = _mm256_set1_epi32(1), below_cut = _mm256_set1_epi32((int)((cut - 1) ^ 0x80000000u));
    Py_ssize_t i = 0, a = 0, b = 0;
    for (; i + 8 <= n && a + 8 <= size0 && b + 8 <= size1; i += 8) {
        __m256i bits = _mm256_loadu_si256((const __m256i *)(s + i));
        bits = _mm256_andnot_si256(_mm256_cmpeq_epi32(bits, sign), bits); /* -0.0 ranks with +0.0 */
        __m256i key = _mm256_xor_si256(bits, _mm256_or_si256(_mm256_srai_epi32(bits, 31), sign));
        __m256i label = _mm256_and_si256(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(y + i))), one);
        key = _mm256_or_si256(_mm256_slli_epi32(_mm256_sub_epi32(key, low), 1), label);
        /* key >= cut, unsigned (cut > 0): compared as signed after flipping the top bit */
        __m256i high = _mm256_cmpgt_epi32(_mm256_xor_si256(key, sign), below_cut);
        unsigned m = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(high));
        _mm256_storeu_si256((__m256i *)(w0 + a),
                            _mm256_permutevar8x32_epi32(key, _mm256_loadu_si256((const __m256i *)split_table[m ^ 0xffu])));
        _mm256_storeu_si256((__m256i *)(w1 + b),
                            _mm256_permutevar8x32_epi32(key, _mm256_loadu_si256((const __m256i *)split_table[m])));
        b += __builtin_popcount(m);
        a = i + 8 - b;
    }
    *a_out = a;
    *b_out = b;
    return i;
}
#endif

/* The distinct cuts above 0 of a few ascending cuts, each with how many cuts it stands for: a key's range is
   (cuts at 0) + the sum of the multiplicities of the distinct cuts at or below it. Returns how many; *zero: the
   cuts at 0. */
#define VECTOR_CUTS 15
static int distinct_cuts(const uint32_t *cuts, Py_ssize_t n_cuts, uint32_t *value, uint32_t *times, uint32_t *zero)
{
    int d = 0;
    *zero = 0;
    for (Py_ssize_t j = 0; j < n_cuts; j++) {
        if (cuts[j] == 0)
            (*zero)++;
        else if (d && value[d - 1] == cuts[j])
            times[d - 1]++;
        else {
            value[d] = cuts[j];
            times[d++] = 1;
        }
    }
    return d;
}

#ifdef VECTOR_LOOPS
#define STAGE 64
/* pack with 2 to VECTOR_CUTS ascending cuts, 8 rows at a time: each row's range from its key compared with the
   distinct cuts, then for each range that takes rows, the 8 keys of that range gathered (the permutation table of
   split_avx2) into a small stage of 64, copied out whole. Rows keep their order within a range. Returns the rows
   done (the plain loop does the rest, after the stages are emptied); where a range would take more keys than
   its size (the scores changed), its wrote is set past its size and every row counts as done. */
VECTOR_TARGET static Py_ssize_t pack_many_avx2(const uint32_t *s, const uint8_t *y, Py_ssize_t n, uint32_t lo,
                                               const uint32_t *cuts, Py_ssize_t n_cuts, uint32_t *o,
                                               const Py_ssize_t *start, const Py_ssize_t *size, Py_ssize_t *wrote)
{
    uint32_t value[VECTOR_CUTS], times[VECTOR_CUTS], zero;
    int d = distinct_cuts(cuts, n_cuts, value, times, &zero);
    __m256i cut_at[VECTOR_CUTS], weight[VECTOR_CUTS], range_id[VECTOR_CUTS + 1];
    for (int k = 0; k < d; k++) {
        cut_at[k] = _mm256_set1_epi32((int)value[k]);
        weight[k] = _mm256_set1_epi32((int)times[k]);
    }
    int live[VECTOR_CUTS + 1], n_live = 0;
    for (Py_ssize_t r = 0; r <= n_cuts; r++)
        if (size[r] > wrote[r])
            live[n_live++] = (int)r;
    for (int k = 0; k < n_live; k++)
        range_id[k] = _mm256_set1_epi32(live[k]);
    uint32_t stage[VECTOR_CUTS + 1][STAGE + 8];
    int held[VECTOR_CUTS + 1] = {0};
    const __m256i sign = _mm256_set1_epi32((int)0x80000000u), low = _mm256_set1_epi32((int)lo);
    const __m256i one = _mm256_set1_epi32(1), first = _mm256_set1_epi32((int)zero);
    Py_ssize_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i bits = _mm256_loadu_si256((const __m256i *)(s + i));
        bits = _mm256_andnot_si256(_mm256_cmpeq_epi32(bits, sign), bits); /* -0.0 ranks with +0.0 */
        __m256i key = _mm256_xor_si256(bits, _mm256_or_si256(_mm256_srai_epi32(bits, 31), sign));
        __m256i label = _mm256_and_si256(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(y + i))), one);
        key = _mm256_or_si256(_mm256_slli_epi32(_mm256_sub_epi32(key, low), 1), label);
        __m256i r = first;
        for (int k = 0; k < d; k++) { /* key >= cut, unsigned: max(key, cut) == key */
            __m256i at_or_above = _mm256_cmpeq_epi32(_mm256_max_epu32(key, cut_at[k]), key);
            r = _mm256_add_epi32(r, _mm256_and_si256(at_or_above, weight[k]));
        }
        for (int k = 0; k < n_live; k++) {
            /* written whether or not the range takes a key of the 8 (a branch here would be data): the lanes past
               the count are overwritten later */
            unsigned m = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(r, range_id[k])));
            int h = held[k];
            _mm256_storeu_si256((__m256i *)(stage[k] + h),
                                _mm256_permutevar8x32_epi32(key, _mm256_loadu_si256((const __m256i *)split_table[m])));
            h += __builtin_popcount(m);
            if (h >= STAGE) {
                int v = live[k];
                if (wrote[v] + STAGE > size[v]) {
                    wrote[v] = size[v] + 1;
                    return n;
                }
                memcpy(o + start[v] + wrote[v], stage[k], STAGE * sizeof(uint32_t));
                wrote[v] += STAGE;
                h -= STAGE;
                memcpy(stage[k], stage[k] + STAGE, (size_t)h * sizeof(uint32_t));
            }
            held[k] = h;
        }
    }
    for (int k = 0; k < n_live; k++) {
        int v = live[k];
        if (wrote[v] + held[k] > size[v]) {
            wrote[v] = size[v] + 1;
            return n;
        }
        memcpy(o + start[v] + wrote[v], stage[k], (size_t)held[k] * sizeof(uint32_t));
        wrote[v] += held[k];
    }
    return i;
}
#endif

/* keys at or above each of a few distinct cuts (value, d of them) of the scores s[0:n], added to above[]: the keys
   of 4096 rows into a buffer, then one counting loop per cut (loops the compiler vectorizes, for every processor
   and again for AVX2) */
#define KEYS_ABOVE_MANY(name, target)                                                                                \
    target static void name(const uint32_t *s, Py_ssize_t n, uint32_t lo, const uint32_t *value, int d,            \
                            Py_ssize_t *above)                                                                       \
    {                                                                                                                \
        uint32_t buffer[4096];                                                                                       \
        for (Py_ssize_t first = 0; first < n; first += 4096) {                                                       \
            Py_ssize_t m = n - first < 4096 ? n - first : 4096;                                                      \
            for (Py_ssize_t i = 0; i < m; i++)                                                                       \
                buffer[i] = (ordered(s[first + i]) - lo) << 1;                                                       \
            for (int k = 0; k < d; k++) {                                                                            \
                uint32_t cut = value[k], part = 0;                                                                   \
                for (Py_ssize_t i = 0; i < m; i++)                                                                   \
                    part += buffer[i] >= cut;                                                                        \
                above[k] += part;                                                                                    \
            }                                                                                                        \
        }                                                                                                            \
    }
KEYS_ABOVE_MANY(keys_above_many, )
#ifdef VECTOR_LOOPS
KEYS_ABOVE_MANY(keys_above_many_avx2, VECTOR_TARGET)
#endif

static PyObject *pack(PyObject *self, PyObject *args)
{
    Py_buffer score, label, out;
    unsigned long low;
    PyObject *cuts_obj, *starts_obj, *sizes_obj;
    if (!PyArg_ParseTuple(args, "y*y*w*kOOO", &score, &label, &out, &low, &cuts_obj, &starts_obj, &sizes_obj))
        return NULL;
    PyObject *result = NULL;
    uint32_t cuts[MAX_CUTS];
    Py_ssize_t n_cuts = 0, start[MAX_CUTS + 1], size[MAX_CUTS + 1], wrote[MAX_CUTS + 1];
    Py_ssize_t n = score.len / 4, capacity = out.len / 4, total = 0;
    if (read_cuts(cuts_obj, cuts, &n_cuts) < 0 || read_sizes(starts_obj, start, n_cuts + 1, "starts") < 0 ||
        read_sizes(sizes_obj, size, n_cuts + 1, "sizes") < 0)
        goto done;
    if (label.len != n || score.len % 4 || out.len % 4) {
        PyErr_SetString(PyExc_ValueError, "score (float32), label (bool) and out (uint32) do not match");
        goto done;
    }
    for (Py_ssize_t j = 0; j <= n_cuts; j++) {
        if (start[j] < 0 || size[j] < 0 || size[j] > capacity - start[j]) {
            PyErr_SetString(PyExc_ValueError, "a range does not fit in out");
            goto done;
        }
        total += size[j];
    }
    if (total != n) {
        PyErr_SetString(PyExc_ValueError, "the sizes of the ranges do not add up to the rows");
        goto done;
    }
    {
        const uint32_t *s = (const uint32_t *)score.buf;
        const uint8_t *y = (const uint8_t *)label.buf;
        uint32_t *o = (uint32_t *)out.buf;
        uint32_t lo = (uint32_t)low;
        memset(wrote, 0, sizeof(wrote));
        Py_BEGIN_ALLOW_THREADS
        if (n_cuts == 0) {
            uint32_t *w = o + start[0];
            for (Py_ssize_t i = 0; i < n; i++)
                w[i] = ((ordered(s[i]) - lo) << 1) | (y[i] & 1u);
            wrote[0] = n;
        } else if (n_cuts == 1) {
            uint32_t cut = cuts[0];
            uint32_t *w0 = o + start[0], *w1 = o + start[1];
            /* the keys of 4096 rows at a time into a buffer (a loop the compiler vectorizes), then each key is
               written to both ranges and advances one: no branch to mispredict. The write that does not count
               lands on the next free slot of the other range, or on a sink when that range is full. */
            Py_ssize_t a = 0, b = 0, size0 = size[0], size1 = size[1], done = 0;
            uint32_t sink, buffer[4096];
#ifdef VECTOR_LOOPS
            if (has_avx2())
                done = split_avx2(s, y, n, lo, cut, w0, size0, w1, size1, &a, &b);
#endif
            for (Py_ssize_t first = done; first < n; first += 4096) {
                Py_ssize_t m = n - first < 4096 ? n - first : 4096;
                const uint32_t *sf = s + first;
                const uint8_t *yf = y + first;
                for (Py_ssize_t i = 0; i < m; i++)
                    buffer[i] = ((ordered(sf[i]) - lo) << 1) | (yf[i] & 1u);
                for (Py_ssize_t i = 0; i < m; i++) {
                    uint32_t key = buffer[i];
                    Py_ssize_t high = key >= cut;
                    *(a < size0 ? w0 + a : &sink) = key;
                    *(b < size1 ? w1 + b : &sink) = key;
                    a += 1 - high;
                    b += high;
                }
            }
            wrote[0] = a;
            wrote[1] = b;
        } else {
            Py_ssize_t done = 0;
#ifdef VECTOR_LOOPS
            if (n_cuts <= VECTOR_CUTS && has_avx2())
                done = pack_many_avx2(s, y, n, lo, cuts, n_cuts, o, start, size, wrote);
#endif
            uint16_t table[65536];
            if (done < n)
                build_table(cuts, n_cuts, table);
            for (Py_ssize_t i = done; i < n; i++) {
                uint32_t key = ((ordered(s[i]) - lo) << 1) | (y[i] & 1u);
                Py_ssize_t r = range_in(key, table, cuts, n_cuts);
                if (wrote[r] < size[r])
                    o[start[r] + wrote[r]] = key;
                wrote[r]++;
            }
        }
        Py_END_ALLOW_THREADS
    }
    for (Py_ssize_t j = 0; j <= n_cuts; j++) {
        if (wrote[j] != size[j]) {
            PyErr_SetString(PyExc_ValueError, "the scores changed while they were packed (range sizes differ)");
            goto done;
        }
    }
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&score);
    PyBuffer_Release(&label);
    PyBuffer_Release(&out);
    return result;
}

/* how many of the keys of scores s[0:n] are at or above cut (one loop the compiler vectorizes, for every processor
   and again for AVX2) */
#define KEYS_ABOVE(name, target)                                                                                     \
    target static Py_ssize_t name(const uint32_t *s, Py_ssize_t n, uint32_t lo, uint32_t cut)                       \
    {                                                                                                                \
        Py_ssize_t high = 0;                                                                                         \
        for (Py_ssize_t first = 0; first < n; first += (Py_ssize_t)1 << 30) {                                        \
            Py_ssize_t last = n - first < ((Py_ssize_t)1 << 30) ? n : first + ((Py_ssize_t)1 << 30);                 \
            uint32_t part = 0; /* a 32-bit sum vectorizes better than a 64-bit one */                                \
            for (Py_ssize_t i = first; i < last; i++)                                                                \
                part += ((ordered(s[i]) - lo) << 1) >= cut;                                                          \
            high += part;                                                                                            \
        }                                                                                                            \
        return high;                                                                                                 \
    }
KEYS_ABOVE(keys_above, )
#ifdef VECTOR_LOOPS
KEYS_ABOVE(keys_above_avx2, VECTOR_TARGET)
#endif

static PyObject *range_sizes(PyObject *self, PyObject *args)
{
    Py_buffer score;
    unsigned long low;
    PyObject *cuts_obj;
    if (!PyArg_ParseTuple(args, "y*kO", &score, &low, &cuts_obj))
        return NULL;
    PyObject *result = NULL;
    uint32_t cuts[MAX_CUTS];
    Py_ssize_t n_cuts = 0, size[MAX_CUTS + 1];
    if (read_cuts(cuts_obj, cuts, &n_cuts) < 0)
        goto done;
    memset(size, 0, sizeof(size));
    {
        const uint32_t *s = (const uint32_t *)score.buf;
        Py_ssize_t n = score.len / 4;
        uint32_t lo = (uint32_t)low;
        Py_BEGIN_ALLOW_THREADS
        if (n_cuts == 1) {
            Py_ssize_t high;
#ifdef VECTOR_LOOPS
            if (has_avx2())
                high = keys_above_avx2(s, n, lo, cuts[0]);
            else
#endif
                high = keys_above(s, n, lo, cuts[0]);
            size[0] = n - high;
            size[1] = high;
        } else if (n_cuts > 1 && n_cuts <= VECTOR_CUTS) {
            /* keys at or above each cut, then a range's size is the difference of its two cuts' */
            uint32_t value[VECTOR_CUTS], times[VECTOR_CUTS], zero;
            Py_ssize_t above[VECTOR_CUTS] = {0}, at_or_above[VECTOR_CUTS];
            int d = distinct_cuts(cuts, n_cuts, value, times, &zero);
#ifdef VECTOR_LOOPS
            if (has_avx2())
                keys_above_many_avx2(s, n, lo, value, d, above);
            else
#endif
                keys_above_many(s, n, lo, value, d, above);
            for (Py_ssize_t j = 0, k = -1; j < n_cuts; j++) {
                if (cuts[j] != 0 && (k < 0 || value[k] != cuts[j]))
                    k++;
                at_or_above[j] = cuts[j] == 0 ? n : above[k];
            }
            size[0] = n - at_or_above[0];
            for (Py_ssize_t j = 1; j < n_cuts; j++)
                size[j] = at_or_above[j - 1] - at_or_above[j];
            size[n_cuts] = at_or_above[n_cuts - 1];
        } else if (n_cuts > 1) {
            uint16_t table[65536];
            build_table(cuts, n_cuts, table);
            for (Py_ssize_t i = 0; i < n; i++)
                size[range_in((ordered(s[i]) - lo) << 1, table, cuts, n_cuts)]++;
        } else {
            size[0] = n;
        }
        Py_END_ALLOW_THREADS
    }
    result = PyList_New(n_cuts + 1);
    if (result == NULL)
        goto done;
    for (Py_ssize_t j = 0; j <= n_cuts; j++)
        PyList_SET_ITEM(result, j, PyLong_FromSsize_t(size[j]));
done:
    PyBuffer_Release(&score);
    return result;
}

/* The count of sorted keys k[0:n] as sums over the positives: with c(i) the negatives before row i, fs(i) the first
 * row of i's score and fk(i) the first row of i's key (its label's share of the tie; negatives sort first),
 *     twice U = sum over positives of (2 c(i) - (fk(i) - fs(i))) = 2 (sum of i - P (P - 1) / 2) - sum of (fk - fs),
 * since fk(i) - fs(i) is the number of negatives tied with positive i. fs and fk are running maxima of the rows
 * where a score or a key starts, a scan the vector loop does 8 rows at a time. */
typedef struct {
    uint64_t positives, index_sum, tied;
} Sums;

/* rows first .. last - 1 of k, row i being row row0 + i of the whole sorted sequence (k[i - 1] is read for every
   row but the sequence's first) */
static void count_rows(const uint32_t *k, Py_ssize_t first, Py_ssize_t last, Py_ssize_t row0, uint64_t *fs,
                       uint64_t *fk, Sums *sums)
{
    uint64_t f_score = *fs, f_key = *fk;
    for (Py_ssize_t i = first; i < last; i++) {
        uint32_t key = k[i];
        uint64_t row = (uint64_t)(row0 + i);
        if ((i & 15) == 0)
            PREFETCH(k + (i + 512 < last ? i + 512 : i));
        uint64_t positive = -(uint64_t)(key & 1u); /* all ones for a positive */
        uint64_t new_score = row == 0 || (key >> 1) != (k[i - 1] >> 1), new_key = row == 0 || key != k[i - 1];
        SELECT(f_score, new_score, row);
        SELECT(f_key, new_key, row);
        sums->positives -= positive;
        sums->index_sum += row & positive;
        sums->tied += (f_key - f_score) & positive;
    }
    *fs = f_score;
    *fk = f_key;
}

#ifdef VECTOR_LOOPS

/* the running maximum of 8 lanes of row numbers (0 where no row starts), after the running maximum `carry` */
VECTOR_TARGET static inline __m256i running_max(__m256i x, __m256i carry)
{
    const __m256i zero = _mm256_setzero_si256();
    x = _mm256_max_epu32(x, _mm256_blend_epi32(_mm256_permutevar8x32_epi32(x, _mm256_setr_epi32(0, 0, 1, 2, 3, 4, 5, 6)), zero, 0x01));
    x = _mm256_max_epu32(x, _mm256_blend_epi32(_mm256_permutevar8x32_epi32(x, _mm256_setr_epi32(0, 0, 0, 1, 2, 3, 4, 5)), zero, 0x03));
    x = _mm256_max_epu32(x, _mm256_blend_epi32(_mm256_permutevar8x32_epi32(x, _mm256_setr_epi32(0, 0, 0, 0, 0, 1, 2, 3)), zero, 0x0F));
    return _mm256_max_epu32(x, carry);
}

static inline uint64_t add_lanes64(__m256i) VECTOR_TARGET;
static inline uint64_t add_lanes64(__m256i v)
{
    uint64_t lanes[4];
    _mm256_storeu_si256((__m256i *)lanes, v);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

/* rows 1 .. 1 + 8 m of count_rows (row i being row row0 + i of the sequence), 8 at a time (the caller counts row 0
   and the tail); rows of the sequence below 2**32 */
VECTOR_TARGET static Py_ssize_t count_avx2(const uint32_t *k, Py_ssize_t n, Py_ssize_t row0, uint64_t *fs,
                                           uint64_t *fk, Sums *sums)
{
    const __m256i one = _mm256_set1_epi32(1), eight = _mm256_set1_epi32(8), last = _mm256_set1_epi32(7);
    __m256i f_score = _mm256_set1_epi32((int)*fs), f_key = _mm256_set1_epi32((int)*fk);
    __m256i rows = _mm256_add_epi32(_mm256_set1_epi32((int)(uint32_t)row0), _mm256_setr_epi32(1, 2, 3, 4, 5, 6, 7, 8));
    __m256i positives = _mm256_setzero_si256(), index_sum = _mm256_setzero_si256(), tied = _mm256_setzero_si256();
    Py_ssize_t i = 1;
    for (; i + 8 <= n; i += 8) {
        PREFETCH(k + (i + 512 < n ? i + 512 : i));
        __m256i key = _mm256_loadu_si256((const __m256i *)(k + i));
        __m256i before = _mm256_loadu_si256((const __m256i *)(k + i - 1));
        __m256i same_key = _mm256_cmpeq_epi32(key, before);
        __m256i same_score = _mm256_cmpeq_epi32(_mm256_srli_epi32(key, 1), _mm256_srli_epi32(before, 1));
        f_score = running_max(_mm256_andnot_si256(same_score, rows), f_score);
        f_key = running_max(_mm256_andnot_si256(same_key, rows), f_key);
        __m256i positive = _mm256_cmpeq_epi32(_mm256_and_si256(key, one), one);
        positives = _mm256_sub_epi32(positives, positive);
        __m256i at = _mm256_and_si256(rows, positive);
        __m256i ties = _mm256_and_si256(_mm256_sub_epi32(f_key, f_score), positive);
        index_sum = _mm256_add_epi64(index_sum, _mm256_cvtepu32_epi64(_mm256_castsi256_si128(at)));
        index_sum = _mm256_add_epi64(index_sum, _mm256_cvtepu32_epi64(_mm256_extracti128_si256(at, 1)));
        tied = _mm256_add_epi64(tied, _mm256_cvtepu32_epi64(_mm256_castsi256_si128(ties)));
        tied = _mm256_add_epi64(tied, _mm256_cvtepu32_epi64(_mm256_extracti128_si256(ties, 1)));
        f_score = _mm256_permutevar8x32_epi32(f_score, last);
        f_key = _mm256_permutevar8x32_epi32(f_key, last);
        rows = _mm256_add_epi32(rows, eight);
    }
    uint32_t counts[8];
    _mm256_storeu_si256((__m256i *)counts, positives);
    for (int j = 0; j < 8; j++)
        sums->positives += counts[j];
    sums->index_sum += add_lanes64(index_sum);
    sums->tied += add_lanes64(tied);
    *fs = (uint32_t)_mm256_cvtsi256_si32(f_score);
    *fk = (uint32_t)_mm256_cvtsi256_si32(f_key);
    return i;
}
#endif

static PyObject *count_result(uint64_t n, const Sums *sums)
{
    uint64_t positives = sums->positives, negatives = n - positives;
    uint64_t below = sums->index_sum - (positives ? positives * (positives - 1) / 2 : 0); /* sum of c(i) */
    return Py_BuildValue("(KKK)", (unsigned long long)positives, (unsigned long long)negatives,
                         (unsigned long long)(2 * below - sums->tied));
}

static PyObject *count(PyObject *self, PyObject *args)
{
    Py_buffer keys;
    int vector = 1;
    if (!PyArg_ParseTuple(args, "y*|p", &keys, &vector))
        return NULL;
    const uint32_t *k = (const uint32_t *)keys.buf;
    Py_ssize_t n = keys.len / 4;
    if (n >= ((Py_ssize_t)1 << 32) - 8) {
        PyBuffer_Release(&keys);
        PyErr_SetString(PyExc_ValueError, "count takes fewer than 2**32 - 8 keys");
        return NULL;
    }
    /* with n < 2**32 every sum below fits in 64 bits: pairs <= n**2 / 4 < 2**62 */
    Sums sums = {0, 0, 0};
    uint64_t fs = 0, fk = 0;
    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t done = 0;
#ifdef VECTOR_LOOPS
    if (vector && n > 16 && has_avx2()) {
        count_rows(k, 0, 1, 0, &fs, &fk, &sums);
        done = count_avx2(k, n, 0, &fs, &fk, &sums);
    }
#endif
    count_rows(k, done, n, 0, &fs, &fk, &sums);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&keys);
    return count_result((uint64_t)n, &sums);
}

/* merge_count(a, b): count() of the sorted keys of a and b together, without a copy of the two. The merge is cut
   at three keys that start a score into four parts, merged side by side (a merge step waits on the one before it;
   four independent ones keep the processor busy); each part is merged into its own block of 2048 keys, counted
   as it fills (block[0] holds the key before the block). A part starts a score, so it is counted on its own, its
   rows numbered from the rows of the parts below it. */
#define MERGE_PARTS 4
#define MERGE_BLOCK 2048
typedef struct {
    const uint32_t *a, *b;
    Py_ssize_t i, na, j, nb, m, row0;
    uint64_t fs, fk;
    uint32_t block[MERGE_BLOCK + 1];
} MergePart;

static Py_ssize_t lower_bound(const uint32_t *x, Py_ssize_t n, uint32_t v)
{
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (x[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* count the keys merged into the part's block (rows row0 .. row0 + m - 1 of the whole), or, with out, copy them
   there */
static void count_block(MergePart *p, int avx2, Sums *sums, uint32_t *out)
{
    if (p->m == 0)
        return;
    uint32_t *k = p->block;
    if (out != NULL) {
        memcpy(out + p->row0, k + 1, (size_t)p->m * sizeof(uint32_t));
        k[0] = k[p->m];
        p->row0 += p->m;
        p->m = 0;
        return;
    }
    Py_ssize_t done = 1;
#ifdef VECTOR_LOOPS
    if (avx2 && p->m > 16)
        done = count_avx2(k, p->m + 1, p->row0 - 1, &p->fs, &p->fk, sums);
#else
    (void)avx2;
#endif
    count_rows(k, done, p->m + 1, p->row0 - 1, &p->fs, &p->fk, sums);
    k[0] = k[p->m];
    p->row0 += p->m;
    p->m = 0;
}

#define MERGE_STEP(p)                                                                                                \
    {                                                                                                                \
        uint32_t x = (p).a[(p).i], y = (p).b[(p).j];                                                                 \
        Py_ssize_t take_b = y < x;                                                                                   \
        (p).block[1 + (p).m++] = take_b ? y : x;                                                                     \
        (p).i += 1 - take_b;                                                                                         \
        (p).j += take_b;                                                                                             \
    }

static void merge_parts(const uint32_t *a, Py_ssize_t na, const uint32_t *b, Py_ssize_t nb, int avx2, Sums *sums,
                        uint32_t *out)
{
    if (na + nb == 0) /* no key to cut the parts at */
        return;
    MergePart part[MERGE_PARTS];
    Py_ssize_t ia = 0, ib = 0;
    for (int k = 0; k < MERGE_PARTS; k++) {
        Py_ssize_t ea = na, eb = nb;
        if (k < MERGE_PARTS - 1) { /* an even key: a score's two keys fall in one part */
            uint32_t cut = (na >= nb ? a[(k + 1) * (na / MERGE_PARTS)] : b[(k + 1) * (nb / MERGE_PARTS)]) & ~1u;
            ea = lower_bound(a, na, cut);
            eb = lower_bound(b, nb, cut);
            if (ea < ia)
                ea = ia;
            if (eb < ib)
                eb = ib;
        }
        MergePart *p = &part[k];
        p->a = a + ia;
        p->na = ea - ia;
        p->b = b + ib;
        p->nb = eb - ib;
        p->i = p->j = p->m = 0;
        p->row0 = ia + ib;
        p->fs = p->fk = 0;
        ia = ea;
        ib = eb;
    }
    for (int k = 0; k < MERGE_PARTS; k++) { /* the first key of a part starts a score: one of another score before */
        MergePart *p = &part[k];
        if (p->na + p->nb)
            p->block[0] = (p->na && (!p->nb || p->a[0] <= p->b[0]) ? p->a[0] : p->b[0]) ^ 2u;
    }
    for (;;) { /* the four merges side by side, as many steps as every part has keys and room for */
        Py_ssize_t steps = MERGE_BLOCK;
        for (int k = 0; k < MERGE_PARTS; k++) {
            MergePart *p = &part[k];
            Py_ssize_t r = MERGE_BLOCK - p->m;
            steps = r < steps ? r : steps;
            steps = p->na - p->i < steps ? p->na - p->i : steps;
            steps = p->nb - p->j < steps ? p->nb - p->j : steps;
        }
        if (steps == 0) {
            int open = 1;
            for (int k = 0; k < MERGE_PARTS; k++) {
                if (part[k].m == MERGE_BLOCK)
                    count_block(&part[k], avx2, sums, out);
                open &= part[k].i < part[k].na && part[k].j < part[k].nb;
            }
            if (!open)
                break;
            continue;
        }
        for (Py_ssize_t q = 0; q < steps; q++) {
            MERGE_STEP(part[0]);
            MERGE_STEP(part[1]);
            MERGE_STEP(part[2]);
            MERGE_STEP(part[3]);
        }
    }
    for (int k = 0; k < MERGE_PARTS; k++) { /* the rest of each part, one at a time */
        MergePart *p = &part[k];
        while (p->i < p->na || p->j < p->nb) {
            while (p->m < MERGE_BLOCK && p->i < p->na && p->j < p->nb)
                MERGE_STEP(*p);
            while (p->m < MERGE_BLOCK && p->i < p->na)
                p->block[1 + p->m++] = p->a[p->i++];
            while (p->m < MERGE_BLOCK && p->j < p->nb)
                p->block[1 + p->m++] = p->b[p->j++];
            count_block(p, avx2, sums, out);
        }
        count_block(p, avx2, sums, out);
    }
}

static PyObject *merge_count(PyObject *self, PyObject *args)
{
    Py_buffer first, second;
    int vector = 1;
    if (!PyArg_ParseTuple(args, "y*y*|p", &first, &second, &vector))
        return NULL;
    const uint32_t *a = (const uint32_t *)first.buf, *b = (const uint32_t *)second.buf;
    Py_ssize_t na = first.len / 4, nb = second.len / 4;
    if (first.len % 4 || second.len % 4 || na + nb >= ((Py_ssize_t)1 << 32) - 8) {
        PyBuffer_Release(&first);
        PyBuffer_Release(&second);
        PyErr_SetString(PyExc_ValueError, "merge_count takes two uint32 arrays of fewer than 2**32 - 8 keys together");
        return NULL;
    }
    Sums sums = {0, 0, 0};
    int avx2 = 0;
#ifdef VECTOR_LOOPS
    avx2 = vector && has_avx2();
#endif
    Py_BEGIN_ALLOW_THREADS
    merge_parts(a, na, b, nb, avx2, &sums, NULL);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&first);
    PyBuffer_Release(&second);
    return count_result((uint64_t)(na + nb), &sums);
}

/* merge_sorted(a, b, out): the sorted keys of a and b merged into out (as merge_count merges them) */
static PyObject *merge_sorted(PyObject *self, PyObject *args)
{
    Py_buffer first, second, out;
    if (!PyArg_ParseTuple(args, "y*y*w*", &first, &second, &out))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t na = first.len / 4, nb = second.len / 4;
    if (first.len % 4 || second.len % 4 || out.len != first.len + second.len) {
        PyErr_SetString(PyExc_ValueError, "merge_sorted takes two uint32 arrays and an out of their lengths added");
        goto done;
    }
    {
        const uint32_t *a = (const uint32_t *)first.buf, *b = (const uint32_t *)second.buf;
        uint32_t *o = (uint32_t *)out.buf;
        Sums sums = {0, 0, 0};
        Py_BEGIN_ALLOW_THREADS
        merge_parts(a, na, b, nb, 0, &sums, o);
        Py_END_ALLOW_THREADS
    }
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&first);
    PyBuffer_Release(&second);
    PyBuffer_Release(&out);
    return result;
}

/* rows [start, n) counted into out 4096 at a time (the cells of a block into a buffer - a loop the compiler
 * vectorizes - then the counts); stops before the first block holding a bucket outside the table: returns the
 * first row of that block, or n where every row was counted. Called without the GIL. */
static Py_ssize_t count_buckets(const uint32_t *s, const uint8_t *y, uint32_t *o, Py_ssize_t start, Py_ssize_t n,
                                Py_ssize_t half, int shift, uint32_t lo)
{
    uint32_t buffer[4096];
    for (Py_ssize_t first = start; first < n; first += 4096) {
        Py_ssize_t m = n - first < 4096 ? n - first : 4096;
        const uint32_t *sf = s + first;
        const uint8_t *yf = y + first;
        uint32_t worst = 0;
        for (Py_ssize_t i = 0; i < m; i++) {
            uint32_t cell = (ordered(sf[i]) >> shift) - lo; /* below lo wraps to a large value */
            worst = cell > worst ? cell : worst;
            buffer[i] = cell;
        }
        if ((uint64_t)worst >= (uint64_t)half)
            return first;
        for (Py_ssize_t i = 0; i < m; i++)
            o[2 * (Py_ssize_t)buffer[i] + (yf[i] & 1u)]++;
    }
    return n;
}

/* histogram (raise where a bucket is outside the table) and histogram_from (return where the counting stopped) */
static PyObject *histogram_rows(PyObject *args, int resumable)
{
    Py_buffer score, label, out;
    int shift;
    unsigned long low;
    Py_ssize_t start = 0;
    if (resumable ? !PyArg_ParseTuple(args, "y*y*w*ikn", &score, &label, &out, &shift, &low, &start)
                  : !PyArg_ParseTuple(args, "y*y*w*ik", &score, &label, &out, &shift, &low))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = score.len / 4, span = out.len / 8; /* two uint32 cells (negatives, positives) a bucket */
    if (label.len != n || score.len % 4 || out.len % 8 || shift < 0 || shift > 31 || n >= ((Py_ssize_t)1 << 32) ||
        start < 0 || start > n) {
        PyErr_SetString(PyExc_ValueError, "score (float32), label (bool), out (2 uint32 a bucket), shift (0-31) "
                                          "and start (0-rows) do not match");
        goto done;
    }
    {
        Py_ssize_t stop;
        Py_BEGIN_ALLOW_THREADS
        stop = count_buckets((const uint32_t *)score.buf, (const uint8_t *)label.buf, (uint32_t *)out.buf, start, n,
                             span, shift, (uint32_t)low);
        Py_END_ALLOW_THREADS
        if (resumable) {
            result = PyLong_FromSsize_t(stop);
        } else if (stop < n) {
            PyErr_SetString(PyExc_ValueError, "a score's bucket is outside [low, low + span)");
        } else {
            result = Py_None;
            Py_INCREF(result);
        }
    }
done:
    PyBuffer_Release(&score);
    PyBuffer_Release(&label);
    PyBuffer_Release(&out);
    return result;
}

static PyObject *histogram(PyObject *self, PyObject *args) { return histogram_rows(args, 0); }

static PyObject *histogram_from(PyObject *self, PyObject *args) { return histogram_rows(args, 1); }

static PyObject *tally(PyObject *self, PyObject *args)
{
    Py_buffer keys, cells;
    unsigned long low;
    if (!PyArg_ParseTuple(args, "y*w*k", &keys, &cells, &low))
        return NULL;
    PyObject *result = NULL;
    if (keys.len % 4 || cells.len % 4) {
        PyErr_SetString(PyExc_ValueError, "keys and cells must be uint32 arrays");
        goto done;
    }
    {
        const uint32_t *k = (const uint32_t *)keys.buf;
        uint32_t *c = (uint32_t *)cells.buf;
        Py_ssize_t n = keys.len / 4, outside = 0;
        uint64_t m = (uint64_t)(cells.len / 4);
        uint32_t lo = (uint32_t)low;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < n; i++) {
            uint32_t cell = k[i] - lo; /* below low wraps to a large value */
            if (cell < m)
                c[cell]++;
            else
                outside++;
        }
        Py_END_ALLOW_THREADS
        if (outside) {
            PyErr_SetString(PyExc_ValueError, "a key is outside [low, low + len(cells))");
            goto done;
        }
    }
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&keys);
    PyBuffer_Release(&cells);
    return result;
}

static PyObject *count_cells(PyObject *self, PyObject *args)
{
    Py_buffer cells;
    if (!PyArg_ParseTuple(args, "y*", &cells))
        return NULL;
    if (cells.len % 8) {
        PyBuffer_Release(&cells);
        PyErr_SetString(PyExc_ValueError, "cells must be a uint32 array of an even length (negatives, positives)");
        return NULL;
    }
    const uint32_t *c = (const uint32_t *)cells.buf;
    Py_ssize_t scores = cells.len / 8;
    /* below 2**32 rows every sum fits in 64 bits (as in count) */
    uint64_t negatives = 0, positives = 0, twice_u = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t j = 0; j < scores; j++) {
        uint64_t neg = c[2 * j], pos = c[2 * j + 1];
        twice_u += pos * (2 * negatives + neg); /* negatives below, and the tied ones counting one half */
        negatives += neg;
        positives += pos;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&cells);
    return Py_BuildValue("(KKK)", (unsigned long long)positives, (unsigned long long)negatives,
                         (unsigned long long)twice_u);
}

static PyObject *merge(PyObject *self, PyObject *args)
{
    Py_buffer in[6], out[3];
    memset(in, 0, sizeof(in));
    memset(out, 0, sizeof(out));
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*w*w*w*", &in[0], &in[1], &in[2], &in[3], &in[4], &in[5], &out[0],
                          &out[1], &out[2]))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t na = in[0].len / 8, nb = in[3].len / 8, m = 0;
    int ok = in[0].len % 8 == 0 && in[3].len % 8 == 0 && in[1].len == in[0].len && in[2].len == in[0].len &&
             in[4].len == in[3].len && in[5].len == in[3].len && out[1].len == out[0].len &&
             out[2].len == out[0].len && out[0].len / 8 >= na + nb;
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "merge takes (buckets int64, pos, neg float64) twice, then three outputs "
                                          "of at least the two lengths added");
        goto done;
    }
    {
        const int64_t *ab = (const int64_t *)in[0].buf, *bb = (const int64_t *)in[3].buf;
        const double *ap = (const double *)in[1].buf, *an = (const double *)in[2].buf;
        const double *bp = (const double *)in[4].buf, *bn = (const double *)in[5].buf;
        int64_t *ob = (int64_t *)out[0].buf;
        double *op = (double *)out[1].buf, *on = (double *)out[2].buf;
        Py_ssize_t i = 0, j = 0;
        Py_BEGIN_ALLOW_THREADS
        while (i < na || j < nb) {
            if (j == nb || (i < na && ab[i] < bb[j])) {
                ob[m] = ab[i];
                op[m] = ap[i];
                on[m] = an[i];
                i++;
            } else if (i == na || bb[j] < ab[i]) {
                ob[m] = bb[j];
                op[m] = bp[j];
                on[m] = bn[j];
                j++;
            } else { /* the same bucket in both: the first's weight, then the second's */
                ob[m] = ab[i];
                op[m] = ap[i] + bp[j];
                on[m] = an[i] + bn[j];
                i++;
                j++;
            }
            m++;
        }
        Py_END_ALLOW_THREADS
    }
    result = PyLong_FromSsize_t(m);
done:
    for (int k = 0; k < 6; k++)
        if (in[k].obj)
            PyBuffer_Release(&in[k]);
    for (int k = 0; k < 3; k++)
        if (out[k].obj)
            PyBuffer_Release(&out[k]);
    return result;
}

/* labels01(labels, itemsize, out): out[i] = labels[i] == 1 for integer labels of itemsize 1, 2, 4 or 8 bytes;
   True where every label is 0 or 1 (out is then complete), else False. One pass instead of numpy's two. */
#define LABELS01(T)                                                                                                  \
    {                                                                                                                \
        const T *v = (const T *)labels.buf;                                                                          \
        T other = 0;                                                                                                 \
        for (Py_ssize_t i = 0; i < n; i++) {                                                                         \
            other |= v[i] & (T) ~(T)1;                                                                               \
            o[i] = (uint8_t)(v[i] & 1);                                                                              \
        }                                                                                                            \
        ok = other == 0;                                                                                             \
    }

static PyObject *labels01(PyObject *self, PyObject *args)
{
    Py_buffer labels, out;
    int itemsize;
    if (!PyArg_ParseTuple(args, "y*iw*", &labels, &itemsize, &out))
        return NULL;
    PyObject *result = NULL;
    if (!(itemsize == 1 || itemsize == 2 || itemsize == 4 || itemsize == 8) || labels.len % itemsize ||
        out.len != labels.len / itemsize) {
        PyErr_SetString(PyExc_ValueError, "labels (integers of itemsize bytes) and out (bool) do not match");
        goto done;
    }
    {
        Py_ssize_t n = out.len;
        uint8_t *o = (uint8_t *)out.buf;
        int ok = 0;
        Py_BEGIN_ALLOW_THREADS
        if (itemsize == 1)
            LABELS01(uint8_t)
        else if (itemsize == 2)
            LABELS01(uint16_t)
        else if (itemsize == 4)
            LABELS01(uint32_t)
        else
            LABELS01(uint64_t)
        Py_END_ALLOW_THREADS
        result = PyBool_FromLong(ok);
    }
done:
    PyBuffer_Release(&labels);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"pack", pack, METH_VARARGS, "pack(score, label, out, low, cuts, starts, sizes): packed keys written by range."},
    {"range_sizes", range_sizes, METH_VARARGS, "range_sizes(score, low, cuts): keys of a block in each range."},
    {"count", count, METH_VARARGS,
     "count(sorted_keys, vector=True) -> (positives, negatives, twice U); vector=False: the portable loop."},
    {"merge_sorted", merge_sorted, METH_VARARGS, "merge_sorted(sorted_keys, sorted_keys, out): the two merged into out."},
    {"merge_count", merge_count, METH_VARARGS,
     "merge_count(sorted_keys, sorted_keys, vector=True) -> count() of the two merged, without a copy."},
    {"histogram", histogram, METH_VARARGS,
     "histogram(score, label, out, shift, low): out[2 * ((key >> shift) - low) + label] += 1 (out uint32)."},
    {"histogram_from", histogram_from, METH_VARARGS,
     "histogram_from(score, label, out, shift, low, start) -> stop: histogram of rows start.. (blocks of 4096), "
     "stopping before the first block with a bucket outside the table (stop = rows where none)."},
    {"merge", merge, METH_VARARGS,
     "merge(buckets, pos, neg, buckets, pos, neg, out_buckets, out_pos, out_neg) -> rows: two sketches added."},
    {"tally", tally, METH_VARARGS, "tally(keys, cells, low): cells[key - low] += 1 for each key (uint32)."},
    {"count_cells", count_cells, METH_VARARGS,
     "count_cells(cells) -> (positives, negatives, twice U) of tallied packed keys (cells from an even key)."},
    {"labels01", labels01, METH_VARARGS,
     "labels01(labels, itemsize, out) -> whether every integer label is 0 or 1; out = labels == 1 (bool)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels", "Loops of the exact float32 AUC.", -1,
                                    methods};

PyMODINIT_FUNC PyInit__kernels(void)
{
#ifdef VECTOR_LOOPS
    build_split_table();
#endif
    return PyModule_Create(&module);
}
