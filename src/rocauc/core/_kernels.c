/* rocauc.core._kernels: the loops of the exact float32 AUC that numpy can only write as several passes.
 *
 * A packed key is ((order-preserving key of the float32 score) - low) * 2 + label, as uint32; a plain sort of
 * the keys orders the scores and puts, within a tie, the negatives first. Three loops use it:
 *   pack(score, label, out, low, cuts, starts, sizes): the keys of a block of rows, each written to its range
 *       (range j: the keys from cuts[j - 1] up to below cuts[j]), range j at out[starts[j]:starts[j] + sizes[j]];
 *   range_sizes(score, low, cuts): how many keys of a block fall in each range;
 *   count(sorted keys): (positives, negatives, twice the Mann-Whitney U with ties counting one half).
 * Every loop releases the GIL, so blocks and ranges run side by side on threads. rocauc/core/kernels.py checks
 * the arguments and falls back to numpy where this module is not built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_CUTS 255

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
            Py_ssize_t a = 0, b = 0, size0 = size[0], size1 = size[1];
            uint32_t sink, buffer[4096];
            for (Py_ssize_t first = 0; first < n; first += 4096) {
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
            for (Py_ssize_t i = 0; i < n; i++) {
                uint32_t key = ((ordered(s[i]) - lo) << 1) | (y[i] & 1u);
                Py_ssize_t r = range_of(key, cuts, n_cuts);
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
            Py_ssize_t high = 0;
            uint32_t cut = cuts[0];
            for (Py_ssize_t first = 0; first < n; first += (Py_ssize_t)1 << 30) {
                Py_ssize_t last = n - first < ((Py_ssize_t)1 << 30) ? n : first + ((Py_ssize_t)1 << 30);
                uint32_t part = 0; /* a 32-bit sum vectorizes better than a 64-bit one */
                for (Py_ssize_t i = first; i < last; i++)
                    part += ((ordered(s[i]) - lo) << 1) >= cut;
                high += part;
            }
            size[0] = n - high;
            size[1] = high;
        } else {
            for (Py_ssize_t i = 0; i < n; i++)
                size[range_of((ordered(s[i]) - lo) << 1, cuts, n_cuts)]++;
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

static PyObject *count(PyObject *self, PyObject *args)
{
    Py_buffer keys;
    if (!PyArg_ParseTuple(args, "y*", &keys))
        return NULL;
    const uint32_t *k = (const uint32_t *)keys.buf;
    Py_ssize_t n = keys.len / 4;
    /* with n < 2**32 every sum below fits in 64 bits: pairs <= n**2 / 4 < 2**62 */
    uint64_t negatives = 0, before = 0, tied = 0, start = 0;
    Py_BEGIN_ALLOW_THREADS
    uint32_t previous = n ? (k[0] >> 1) + 1 : 0; /* differs from the first score */
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t key = k[i];
        uint64_t positive = -(uint64_t)(key & 1u); /* all ones for a positive */
        uint32_t score = key >> 1;
        start = score == previous ? start : negatives; /* negatives below this score */
        previous = score;
        before += negatives & positive;         /* negatives before this positive, its tied ones included */
        tied += (negatives - start) & positive; /* its tied negatives (they sort first) */
        negatives += 1 + positive;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&keys);
    uint64_t positives = (uint64_t)n - negatives;
    /* twice U = sum over positives of (2 * negatives strictly below + tied negatives) */
    return Py_BuildValue("(KKK)", (unsigned long long)positives, (unsigned long long)negatives,
                         (unsigned long long)(2 * before - tied));
}

static PyMethodDef methods[] = {
    {"pack", pack, METH_VARARGS, "pack(score, label, out, low, cuts, starts, sizes): packed keys written by range."},
    {"range_sizes", range_sizes, METH_VARARGS, "range_sizes(score, low, cuts): keys of a block in each range."},
    {"count", count, METH_VARARGS, "count(sorted_keys) -> (positives, negatives, twice U)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels", "Loops of the exact float32 AUC.", -1,
                                    methods};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&module); }
