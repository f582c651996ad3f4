/**
 * kubectl's JSONPath, checked on the cases of client-go's own
 * util/jsonpath/jsonpath_test.go (with JSON data), plus kubectl's relaxed
 * paths for --sort-by and custom columns.
 */
import { describe, expect, it } from "vitest";
import { JSONPath, relaxedJSONPathExpression } from "../../../../src/shell/commands/kubectl/printers/jsonpath.js";

function run(template: string, data: unknown, allowMissingKeys = false): string {
  const jp = new JSONPath("test").parse(template);
  jp.allowMissingKeys = allowMissingKeys;
  return jp.execute(data);
}

const store = {
  Name: "jsonpath",
  Book: [
    { Category: "reference", Author: "Nigel Rees", Title: "Sayings of the Centurey", Price: 8.95 },
    { Category: "fiction", Author: "Evelyn Waugh", Title: "Sword of Honour", Price: 12.99 },
    { Category: "fiction", Author: "Herman Melville", Title: "Moby Dick", Price: 8.99 },
  ],
  Bicycle: [
    { Color: "red", Price: 19.95, IsNew: true },
    { Color: "green", Price: 20.01, IsNew: false },
  ],
  Labels: { engieer: 10, "web/html": 15, "k8s-app": 20 },
  Employees: { jason: "manager", dan: "clerk" },
};

const nodes = {
  kind: "List",
  items: [
    { kind: "None", metadata: { name: "127.0.0.1", labels: { "kubernetes.io/hostname": "127.0.0.1" } }, status: { capacity: { cpu: "4" }, ready: true, addresses: [{ type: "LegacyHostIP", address: "127.0.0.1" }] } },
    {
      kind: "None",
      metadata: { name: "127.0.0.2", labels: { "kubernetes.io/hostname": "127.0.0.2" } },
      status: { capacity: { cpu: "8" }, ready: false, addresses: [{ type: "LegacyHostIP", address: "127.0.0.2" }, { type: "another", address: "127.0.0.3" }] },
    },
  ],
  users: [
    { name: "myself", user: {} },
    { name: "e2e", user: { username: "admin", password: "secret" } },
  ],
};

describe("jsonpath templates (client-go test cases)", () => {
  it.each([
    ["plain text", "hello jsonpath", null, "hello jsonpath"],
    ["recursive", "{..}", [1, 2, 3], "[1,2,3]"],
    ["filter", "{[?(@<5)]}", [2, 6, 3, 7], "2 3"],
    ["quote", '{"{"}', null, "{"],
    ["union", "{[1,3,4]}", [0, 1, 2, 3, 4], "1 3 4"],
    ["array", "{[0:2]}", ["Monday", "Tudesday"], "Monday Tudesday"],
    ["variable", "hello {.Name}", store, "hello jsonpath"],
    ["dict /", "{$.Labels.web/html}", store, "15"],
    ["dict", "{$.Employees.jason}", store, "manager"],
    ["dict -", "{.Labels.k8s-app}", store, "20"],
    ["nest", "{.Bicycle[*].Color}", store, "red green"],
    ["allarray", "{.Book[*].Author}", store, "Nigel Rees Evelyn Waugh Herman Melville"],
    // Maps are visited in key order (Bicycle before Book); Go visits struct fields in declaration order.
    ["recurfields", "{..Price}", store, "19.95 20.01 8.95 12.99 8.99"],
    ["recurdotfields", "{...Price}", store, "19.95 20.01 8.95 12.99 8.99"],
    ["allstructsSlice", "{.Bicycle}", store, '[{"Color":"red","IsNew":true,"Price":19.95},{"Color":"green","IsNew":false,"Price":20.01}]'],
    ["allstructs", '{range .Bicycle[*]}{ @ }{ " " }{end}', store, '{"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} '],
    ["lastarray", "{.Book[-1:]}", store, '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'],
    ["recurarray", "{..Book[2]}", store, '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'],
    ["bool", "{.Bicycle[?(@.IsNew==true)]}", store, '{"Color":"red","IsNew":true,"Price":19.95}'],
    ["range item", "{range .items[*]}{.metadata.name}, {end}{.kind}", nodes, "127.0.0.1, 127.0.0.2, List"],
    ["range item with quote", '{range .items[*]}{.metadata.name}{"\\t"}{end}', nodes, "127.0.0.1\t127.0.0.2\t"],
    ["range addresses", "{.items[*].status.addresses[*].address}", nodes, "127.0.0.1 127.0.0.2 127.0.0.3"],
    ["double range", "{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}", nodes, "127.0.0.1, 127.0.0.2, 127.0.0.3, "],
    ["union nodes capacity", "{.items[*]['metadata.name', 'status.capacity']}", nodes, '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'],
    ["range nodes capacity", "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", nodes, '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '],
    ["user password", '{.users[?(@.name=="e2e")].user.password}', nodes, "secret"],
    ["hostname", "{.items[0].metadata.labels.kubernetes\\.io/hostname}", nodes, "127.0.0.1"],
    ["hostname filter", '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}', nodes, "None"],
    ["bool item", "{.items[?(@..ready==true)].metadata.name}", nodes, "127.0.0.1"],
  ] as Array<[string, string, unknown, string]>)("%s: %s", (_name, template, data, expected) => {
    expect(run(template, data)).toBe(expected);
  });

  const points = [
    { id: "i1", x: 4, y: -5 },
    { id: "i2", x: -2, y: -5, z: 1 },
    { id: "i3", x: 8, y: 3 },
    { id: "i4", x: -6, y: -1 },
    { id: "i5", x: 0, y: 2, z: 1 },
    { id: "i6", x: 1, y: 4 },
    { id: "i7", x: null, y: 4 },
  ];

  it("filters on existence, reads bracket keys, prints null", () => {
    expect(run("{[?(@.z)].id}", points)).toBe("i2 i5");
    expect(run("{[0]['id']}", points)).toBe("i1");
    expect(run("{[-1]['x']}", points)).toBe("null");
    expect(run("{[?(@.x>0)].id}", points.slice(0, 6))).toBe("i1 i3 i6");
    expect(run("{[?(@.y<=-5)].id}", points)).toBe("i1 i2");
    // A null compares with nothing, as text/template's lt says.
    expect(() => run("{[?(@.x>0)].id}", points)).toThrow("invalid type for comparison");
  });

  it("slices with steps and negative bounds", () => {
    const a = [0, 1, 2, 3, 4, 5];
    expect(run("{[::2]}", a)).toBe("0 2 4");
    expect(run("{[-2:]}", a)).toBe("4 5");
    expect(run("{[1:-1]}", a)).toBe("1 2 3 4");
    expect(run("{[2:2]}", a)).toBe("");
  });

  it("prints missing keys as nothing when they are allowed", () => {
    expect(run("{.hello}", store, true)).toBe("");
    expect(run("before-{.hello}after", store, true)).toBe("before-after");
  });

  it.each([
    ["{hello}", "unrecognized identifier hello"],
    ["{.hello}", "hello is not found"],
    ["{.Labels[0]}", "map[string]interface {} is not array or slice"],
    ["{.Book[?(@.Price<>10)]}", "unrecognized filter operator <>"],
    ["{range .Labels.*}{@}{end}{end}", "not in range, nothing to end"],
    ["{.Book[5]}", "array index out of bounds: index 5, length 3"],
    ["{.Book[1:0]}", "starting index 1 is greater than ending index 0"],
    ["{.Book[::0]}", "step must be > 0"],
    ['{.Book[?(@.Price=="8.95")]}', "incompatible types for comparison"],
  ])("fails at run time: %s", (template, message) => {
    expect(() => run(template, store)).toThrow(message);
  });

  it.each([
    ["{.a", "unclosed action"],
    ["{.a[}", "unterminated array"],
    ["{.a[x]}", "invalid array index x"],
    ['{"abc}', "unterminated quoted string"],
    ["{.a[?(@.b==1}", "unterminated filter"],
    ["{....a}", "invalid multiple recursive descent"],
    ["{#}", "unrecognized character in action: U+0023 '#'"],
  ])("fails to parse: %s", (template, message) => {
    expect(() => new JSONPath().parse(template)).toThrow(message);
  });

  it("prints JSON arrays with jsonpath-as-json", () => {
    const jp = new JSONPath().parse("{.Book[*].Price}");
    jp.outputJSON = true;
    expect(jp.execute(store)).toBe("[\n    8.95,\n    12.99,\n    8.99\n]\n");
  });
});

describe("relaxed paths (--sort-by, custom columns)", () => {
  it.each([
    ["metadata.name", "{.metadata.name}"],
    [".metadata.name", "{.metadata.name}"],
    ["{metadata.name}", "{.metadata.name}"],
    ["{.metadata.name}", "{.metadata.name}"],
    ["", ""],
  ])("%s -> %s", (input, output) => {
    expect(relaxedJSONPathExpression(input)).toBe(output);
  });

  it("rejects nested braces", () => {
    expect(() => relaxedJSONPathExpression("{.a}{.b}")).toThrow("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  });
});
