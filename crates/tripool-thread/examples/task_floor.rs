//! Breakdown of the pool's per-task cost (development aid).

use std::hint::black_box;
use std::time::Instant;

fn main() {
    const N: u64 = 100_000;
    let start = Instant::now();
    for i in 0..N {
        let (c, h) = tripool_task::new_task::<u64>();
        c.run(|| black_box(i) + 1);
        black_box(h.result().unwrap());
    }
    println!("new_task+run+result, one thread: {:?}", start.elapsed());

    let start = Instant::now();
    for i in 0..N {
        let (job, h) = tripool_task::new_job(move || black_box(i) + 1);
        job.run();
        black_box(h.result().unwrap());
    }
    println!("new_job+run+result, one thread: {:?}", start.elapsed());

    let start = Instant::now();
    let (tx, rx) = crossbeam_channel::unbounded::<Box<dyn FnOnce() + Send>>();
    let w = std::thread::spawn(move || {
        while let Ok(f) = rx.recv() {
            f();
        }
    });
    for i in 0..N {
        tx.send(Box::new(move || {
            black_box(i);
        }))
        .unwrap();
    }
    drop(tx);
    w.join().unwrap();
    println!(
        "boxed closures over crossbeam to one worker: {:?}",
        start.elapsed()
    );

    let pool = tripool_thread::ThreadPool::new();
    {
        let gate = std::sync::Arc::new(tripool_sync::Event::new());
        let blockers: Vec<_> = (0..pool.workers())
            .map(|_| {
                let gate = gate.clone();
                pool.submit(move || gate.wait())
            })
            .collect();
        let start = Instant::now();
        let handles: Vec<_> = (0..N)
            .map(|i| pool.submit(move || black_box(i) + 1))
            .collect();
        let submitted = start.elapsed();
        gate.set();
        let sum: u64 = handles.into_iter().map(|h| h.result().unwrap()).sum();
        black_box(sum);
        drop(blockers);
        println!(
            "blocked pool: submit {submitted:?}, total {:?}",
            start.elapsed()
        );
    }
    for _ in 0..3 {
        let start = Instant::now();
        let handles: Vec<_> = (0..N)
            .map(|i| pool.submit(move || black_box(i) + 1))
            .collect();
        let submitted = start.elapsed();
        let sum: u64 = handles.into_iter().map(|h| h.result().unwrap()).sum();
        black_box(sum);
        println!("pool: submit {submitted:?}, total {:?}", start.elapsed());
    }
}
