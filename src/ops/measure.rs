//! Small helpers the benchmarks share: percentiles and peak memory.

/// The `p` quantile (0..=1) of `samples` (nearest rank); 0 when empty.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut v = samples.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

/// Peak resident memory of this process in KiB, where the OS tells it (Linux).
pub fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// CPU time this process has used (user + system, every thread), in ms,
/// where the OS tells it (Linux, `/proc/self/stat`, 100 ticks a second).
/// On a machine shared with other work the wall clock says little; this
/// says what the work itself cost.
pub fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) * 10.0)
}

/// Wall time since a start, said on stderr at each named step when
/// `GLOSS_BENCH_DETAIL` is set (where a benchmark's time goes, step by
/// step; silent and nearly free otherwise).
#[derive(Debug, Clone, Copy)]
pub struct Steps {
    start: std::time::Instant,
    on: bool,
}

impl Steps {
    pub fn new() -> Steps {
        Steps {
            start: std::time::Instant::now(),
            on: std::env::var_os("GLOSS_BENCH_DETAIL").is_some(),
        }
    }

    /// Says `what` and the time since the start (when on).
    pub fn step(&self, what: &str) {
        if self.on {
            eprintln!(
                "  {:8.1} ms  {what}",
                self.start.elapsed().as_secs_f64() * 1e3
            );
        }
    }
}

impl Default for Steps {
    fn default() -> Self {
        Steps::new()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentiles() {
        let v = [5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(super::percentile(&v, 0.5), 3.0);
        assert_eq!(super::percentile(&v, 1.0), 5.0);
        assert_eq!(super::percentile(&[], 0.5), 0.0);
    }
}
