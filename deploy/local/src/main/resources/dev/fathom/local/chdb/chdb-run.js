// Runs SQL on current ClickHouse through chdb (ClickHouse in-process, npm package "chdb").
// Usage: node chdb-run.js INPUT.json OUTPUT.json
//   INPUT:  {"setup": ["CREATE ...", "INSERT ..."], "queries": ["SELECT ...", ...]}
//   OUTPUT: {"version": "26.x", "results": [{"rows": "<JSONEachRow text>"} | {"error": "..."}]}
// A failing setup statement stops the run with exit code 2 and names the statement.
const fs = require("fs");
const { Session } = require("chdb");

const [input, output] = process.argv.slice(2);
const job = JSON.parse(fs.readFileSync(input, "utf8"));
const session = new Session();
try {
  job.setup.forEach((sql, i) => {
    try {
      session.query(sql, "TabSeparated");
    } catch (e) {
      console.error(`setup statement ${i} failed: ${e.message}\n${sql.slice(0, 500)}`);
      process.exit(2);
    }
  });
  const version = session.query("SELECT version()", "TabSeparated").trim();
  const results = job.queries.map((sql) => {
    try {
      return { rows: session.query(sql, "JSONEachRow") };
    } catch (e) {
      return { error: String(e.message) };
    }
  });
  fs.writeFileSync(output, JSON.stringify({ version, results }));
} finally {
  session.close();
}
