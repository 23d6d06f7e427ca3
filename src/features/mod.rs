//! Layer 4: the features of a page's lines that the fitted models read
//! ([`linefeatures`]: one row per line, one column per feature), and the
//! page's type from its words and shape ([`pagetype`]).

pub mod linefeatures;
pub mod pagetype;

/// A row-major `f32` matrix: the Python's `float32` numpy arrays.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<f32>,
}

impl Matrix {
    pub fn zeros(rows: usize, cols: usize) -> Matrix {
        Matrix {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    pub fn get(&self, row: usize, col: usize) -> f32 {
        self.data[row * self.cols + col]
    }

    pub fn set(&mut self, row: usize, col: usize, value: f32) {
        self.data[row * self.cols + col] = value;
    }

    pub fn row(&self, row: usize) -> &[f32] {
        &self.data[row * self.cols..(row + 1) * self.cols]
    }

    pub fn row_mut(&mut self, row: usize) -> &mut [f32] {
        &mut self.data[row * self.cols..(row + 1) * self.cols]
    }

    /// Column `col`, copied out.
    pub fn column(&self, col: usize) -> Vec<f32> {
        (0..self.rows).map(|r| self.get(r, col)).collect()
    }

    /// Sets column `col` to `values` (one per row).
    pub fn set_column(&mut self, col: usize, values: &[f32]) {
        for (r, &v) in values.iter().enumerate().take(self.rows) {
            self.set(r, col, v);
        }
    }

    /// The columns `cols` of every row, as `f64` (row-major): what a forest
    /// reads of a page matrix.
    pub fn select_f64(&self, cols: &[usize]) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.rows * cols.len());
        for r in 0..self.rows {
            let row = self.row(r);
            out.extend(cols.iter().map(|&c| f64::from(row[c])));
        }
        out
    }
}
