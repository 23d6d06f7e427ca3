//! Layer 0: numpy's arithmetic, step for step, where the last bits of a
//! result depend on it: the Python computes the fitted layer's numbers with
//! numpy, and the engine must give the same bits.
//!
//! * [`pairwise_sum`] / [`pairwise_sum_f32`]: `np.sum` of a 1-D array (numpy's
//!   `pairwise_sum`: 8 accumulators over blocks of up to 128 values, halves
//!   above that);
//! * [`mean_f32`]: `np.mean` of a `float32` array (a `float32` pairwise sum,
//!   divided in `float64` by the count, rounded back to `float32`);
//! * [`log_f32`]: `np.log` of a `float32` value as numpy's AVX2/FMA3 kernel
//!   computes it (a rational approximation, not the correctly rounded `logf`);
//! * [`vec_mat`]: `x @ w` of a vector and a C-ordered matrix, as OpenBLAS's
//!   Haswell `dgemv_n` kernel sums it (numpy hands the product to BLAS).
//!
//! Elementwise `+ - * /`, `exp`, `log` and `log1p` of `float64` need nothing
//! here: IEEE arithmetic is exact to the bit, and numpy's `float64` `exp`,
//! `log` and `log1p` call the C library as Rust's do (on machines without
//! AVX-512; the differential check `benchmarks/native_diff_models.py`
//! compares them on the machine it runs on).

/// Values numpy sums without splitting (`PW_BLOCKSIZE`).
const BLOCK: usize = 128;

macro_rules! pairwise {
    ($name:ident, $t:ty) => {
        /// `np.sum` of a contiguous (or strided: the order is the same) 1-D
        /// array: numpy's pairwise summation.
        pub fn $name(a: &[$t]) -> $t {
            let n = a.len();
            if n < 8 {
                let mut res: $t = 0.0;
                for &x in a {
                    res += x;
                }
                res
            } else if n <= BLOCK {
                let mut r: [$t; 8] = [0.0; 8];
                r.copy_from_slice(&a[..8]);
                let mut i = 8;
                while i + 8 <= n {
                    for j in 0..8 {
                        r[j] += a[i + j];
                    }
                    i += 8;
                }
                let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
                for &x in &a[i..] {
                    res += x;
                }
                res
            } else {
                let mut n2 = n / 2;
                n2 -= n2 % 8;
                $name(&a[..n2]) + $name(&a[n2..])
            }
        }
    };
}

pairwise!(pairwise_sum, f64);
pairwise!(pairwise_sum_f32, f32);

/// `float(np.mean(a))` of a `float32` array: numpy sums in `float32`
/// (pairwise), divides that by the count as `float64` (the count is an
/// `intp`, which promotes), and rounds the quotient back to `float32`.
/// `NaN` for an empty array, as numpy gives.
pub fn mean_f32(a: &[f32]) -> f64 {
    let sum = pairwise_sum_f32(a);
    f64::from((f64::from(sum) / a.len() as f64) as f32)
}

/// `float(np.mean(a))` of a boolean array: the count of `true` over the length.
pub fn mean_bool(a: impl ExactSizeIterator<Item = bool>) -> f64 {
    let n = a.len();
    let count = a.filter(|&b| b).count();
    count as f64 / n as f64
}

// numpy's float32 log (loops_exponent_log.dispatch.c.src, simd_log_FLOAT,
// the AVX2/FMA3 and AVX-512F kernels): the coefficients as bit patterns.
const LOG_P: [f32; 6] = [
    0.0,
    f32::from_bits(0x3F80_0000),
    f32::from_bits(0x4007_361C),
    f32::from_bits(0x3FBD_70A9),
    f32::from_bits(0x3EC3_0333),
    f32::from_bits(0x3CD4_2BCD),
];
const LOG_Q: [f32; 6] = [
    f32::from_bits(0x3F80_0000),
    f32::from_bits(0x4027_361C),
    f32::from_bits(0x401C_FE0D),
    f32::from_bits(0x3F7C_8AE4),
    f32::from_bits(0x3E1E_5BF3),
    f32::from_bits(0x3BC0_83DF),
];
/// `NPY_LOGE2f` and `NPY_SQRT1_2f`.
const LN_2: f32 = std::f32::consts::LN_2;
const SQRT1_2: f32 = std::f32::consts::FRAC_1_SQRT_2;

/// `np.log` of a `float32` value, as numpy's SIMD kernel computes it.
pub fn log_f32(x: f32) -> f32 {
    if x.is_nan() {
        return f32::NAN;
    }
    if x < 0.0 {
        return -f32::NAN;
    }
    if x == 0.0 {
        return f32::NEG_INFINITY;
    }
    if x == f32::INFINITY {
        return f32::INFINITY;
    }
    // a denormal is scaled by 2^100 first, and its exponent lowered by 100
    let (x, shift) = if x < f32::MIN_POSITIVE {
        (x * f32::from_bits(0x7180_0000), 100.0)
    } else {
        (x, 0.0)
    };
    let bits = x.to_bits();
    let mut exponent = ((bits >> 23) as i32 - 0x7E) as f32 - shift;
    let mut m = f32::from_bits((bits & 0x007F_FFFF) | (126 << 23));
    if m <= SQRT1_2 {
        m += m;
        exponent -= 1.0;
    }
    let y = m - 1.0;
    let mut num = LOG_P[5].mul_add(y, LOG_P[4]);
    for &p in LOG_P[..4].iter().rev() {
        num = num.mul_add(y, p);
    }
    let mut den = LOG_Q[5].mul_add(y, LOG_Q[4]);
    for &q in LOG_Q[..4].iter().rev() {
        den = den.mul_add(y, q);
    }
    exponent.mul_add(LN_2, num / den)
}

/// `x @ w` for a vector `x` (`k`) and a C-ordered matrix `w` (`k * m`), as
/// numpy computes it through OpenBLAS (`cblas_dgemv`, row-major, transposed:
/// the Haswell `dgemv_n` kernel on the `m * k` column-major matrix).
///
/// The first `m & !3` outputs go through the 4x4 micro-kernel: per block of
/// four inputs `y += fma(a2, x2, a0*x0) + fma(a3, x3, a1*x1)`, then a pair
/// `y += a0*x0 + a1*x1` and a single `y += a0*x0`; the last `m & 3` outputs
/// are plain running sums (for `m >= 4`; smaller `m` take other paths of the
/// kernel, not replicated: running sums).
pub fn vec_mat(x: &[f64], w: &[f64], m: usize) -> Vec<f64> {
    let k = x.len();
    assert_eq!(w.len(), k * m, "vec_mat: a matrix of len(x) rows");
    let a = |row: usize, col: usize| w[row * m + col];
    let kernel = if m >= 4 { m & !3 } else { 0 };
    let mut out = Vec::with_capacity(m);
    for col in 0..kernel {
        let mut y = 0.0;
        let mut i = 0;
        while i + 4 <= k {
            let p4 = a(i + 2, col).mul_add(x[i + 2], a(i, col) * x[i]);
            let p5 = a(i + 3, col).mul_add(x[i + 3], a(i + 1, col) * x[i + 1]);
            y += p4 + p5;
            i += 4;
        }
        if (k - i) & 2 != 0 {
            y += a(i, col) * x[i] + a(i + 1, col) * x[i + 1];
            i += 2;
        }
        if (k - i) & 1 != 0 {
            y += a(i, col) * x[i];
        }
        out.push(y);
    }
    for col in kernel..m {
        let mut t = 0.0;
        for (i, &xi) in x.iter().enumerate() {
            t += a(i, col) * xi;
        }
        out.push(0.0 + t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_sums_in_numpy_order() {
        assert_eq!(pairwise_sum(&[]), 0.0);
        assert_eq!(pairwise_sum(&[1.0, 2.0, 3.0]), 6.0);
        // numpy: np.array([0.1] * 10).sum() == 1.0, a running sum is 0.9999999999999999
        assert_eq!(pairwise_sum(&[0.1; 10]), 1.0);
        assert_eq!((0..10).fold(0.0, |a, _| a + 0.1), 0.999_999_999_999_999_9);
        // np.full(1000, 0.1).sum() == 100.00000000000001 (split in halves above 128)
        assert_eq!(pairwise_sum(&[0.1; 1000]), 100.000_000_000_000_01);
        // np.full(1000, 0.1, dtype=np.float32).sum() == np.float32(100.000015)
        assert_eq!(pairwise_sum_f32(&[0.1; 1000]), 100.000_015);
    }

    #[test]
    fn means_of_float32_round_through_float64() {
        assert_eq!(mean_f32(&[1.0, 0.0, 0.0]), f64::from(1.0f32 / 3.0));
        assert!(mean_f32(&[]).is_nan());
        assert_eq!(mean_bool([true, false, false, false].into_iter()), 0.25);
    }

    #[test]
    fn log_f32_is_numpys() {
        // np.log(np.float32 array) on an AVX2/FMA3 machine (numpy 2.4):
        // not always the correctly rounded logf
        assert_eq!(log_f32(1.0), 0.0);
        assert_eq!(log_f32(2.0).to_bits(), 0x3F31_7218);
        assert_eq!(log_f32(3.0).to_bits(), 0x3F8C_9F54);
        assert_eq!(log_f32(10.0).to_bits(), 0x4013_5D8E);
        assert_eq!(log_f32(0.0), f32::NEG_INFINITY);
        assert!(log_f32(-1.0).is_nan() && log_f32(f32::NAN).is_nan());
        assert_eq!(log_f32(f32::INFINITY), f32::INFINITY);
    }

    #[test]
    fn vec_mat_sums_as_openblas() {
        let x: Vec<f64> = (0..14).map(|i| 0.1 * f64::from(i) - 0.55).collect();
        let w: Vec<f64> = (0..14 * 7).map(|i| (f64::from(i) * 0.37).sin()).collect();
        let y = vec_mat(&x, &w, 7);
        let naive: Vec<f64> = (0..7)
            .map(|c| (0..14).map(|i| x[i] * w[i * 7 + c]).sum::<f64>())
            .collect();
        for (a, b) in y.iter().zip(&naive) {
            assert!((a - b).abs() < 1e-12);
        }
        // the last three outputs are running sums
        assert_eq!(y[4..], naive[4..]);
    }
}
