//! corsim: the web app's state and views and the command line's report, over
//! the decision core in `corsim-core`.

pub mod report;
