#[derive(Debug)]
struct MyErr;

#[atexit::register]
fn save() -> Result<(), MyErr> {
    Err(MyErr)
}

fn main() {
    atexit::register(|| Err::<(), _>(MyErr));
}
