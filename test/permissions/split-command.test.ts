import { describe, expect, it } from "vitest";
import { splitCommand } from "../../src/permissions/split-command.js";

describe("splitCommand", () => {
  it.each([
    ["npm test", ["npm test"]],
    ["git add . && git push origin main", ["git add .", "git push origin main"]],
    ["make || rm -rf build; echo done", ["make", "rm -rf build", "echo done"]],
    ["cat a | grep b |& tee c", ["cat a", "grep b", "tee c"]],
    ["sleep 1 & rm -rf x", ["sleep 1", "rm -rf x"]],
    ["echo $(rm -rf src)", ["rm -rf src", "echo $(rm -rf src)"]],
    ["echo `git push`", ["git push", "echo `git push`"]],
    ['echo "now: $(git push origin)"', ["git push origin", "echo now: $(git push origin)"]],
    ["(cd src && rm -rf dist)", ["cd src", "rm -rf dist"]],
    ["diff <(git show HEAD:a) a", ["git show HEAD:a", "diff <(git show HEAD:a) a"]],
    ["FOO=1 BAR=2 rm -rf x", ["rm -rf x"]],
    ["/bin/rm -rf x", ["/bin/rm -rf x", "rm -rf x"]],
    ["env -i PATH=/bin rm -rf x", ["env -i PATH=/bin rm -rf x", "rm -rf x"]],
    ["timeout 5 git push", ["timeout 5 git push", "git push"]],
    ["sh -c 'git push && ls'", ["sh -c git push && ls", "git push", "ls"]],
    ["if true; then rm -rf x; fi", ["true", "rm -rf x"]],
    ["echo 'a && b' \"c ; d\"", ["echo a && b c ; d"]],
    ["ls 2>&1 >/dev/null", ["ls 2>&1 >/dev/null"]],
    ["npm test # && rm -rf x", ["npm test"]],
  ])("%s", (line, parts) => {
    expect(splitCommand(line)).toEqual({ parts });
  });

  it.each([
    ["echo 'unclosed", /quote that is never closed/],
    ["echo $(rm -rf x", /parenthesis that is never closed/],
    ["cat <<EOF\nrm -rf x\nEOF", /here-document/],
    ["eval \"$CMD\"", /'eval' runs commands/],
    ["ls | xargs rm", /'xargs' runs commands/],
    ["find . -name '*.tmp' -exec rm {} +", /'find' with -exec/],
    ["sudo -u root rm -rf /", /sudo with options/],
  ])("is in doubt about %s", (line, why) => {
    expect(splitCommand(line).doubt).toMatch(why);
  });
});
