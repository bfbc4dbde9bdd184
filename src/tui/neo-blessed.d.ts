declare module "neo-blessed" {
  import blessed = require("blessed");
  export = blessed;
}
