import { spawn } from "node:child_process";
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { projectRoot } from "./helpers/hre.js";
import { packed, sh, userEnv as env } from "./helpers/packed.js";

/** The first solidity block of the README's "Cross-chain Solidity tests" section. */
function readmeSolidityExample(): string {
  const readme = readFileSync(path.join(projectRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Cross-chain Solidity tests"));
  const block = /```solidity\n([\s\S]*?)```/.exec(section);
  if (block === null)
    throw new Error("README.md has no Solidity example in its section");
  return block[1];
}

describe("the installed package", function () {
  this.timeout(600_000);
  let work: string;

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "hardhat-xdm-user-"));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it("packs what a user needs, installs into a fresh Hardhat 3 project, and runs its tests and xdm:status there", async () => {
    const { tarball, files } = await packed();
    expect(files)
      .to.include("dist/src/index.js")
      .and.to.include("dist/src/index.d.ts");
    expect(files)
      .to.include("contracts/interfaces/IL2ToL2CrossDomainMessenger.sol")
      .and.to.include("contracts/starknet/L1Handler.sol")
      .and.to.include("contracts/testing/Xdm.sol");
    expect(files).to.include(
      "system-artifacts/op/L2ToL2CrossDomainMessenger.sol/L2ToL2CrossDomainMessenger.json",
    );
    expect(
      files.some(
        (f) =>
          f.startsWith("test/") ||
          f.startsWith("contracts/examples/") ||
          f.startsWith("src/"),
      ),
    ).to.equal(false);

    const project = path.join(work, "user-project");
    mkdirSync(path.join(project, "contracts"), { recursive: true });
    mkdirSync(path.join(project, "test"), { recursive: true });
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "user-project", private: true, type: "module" }),
    );
    writeFileSync(
      path.join(project, "hardhat.config.ts"),
      `import { createRequire } from "node:module";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import { defineConfig } from "hardhat/config";
import hardhatXdm from "hardhat-xdm";

const require = createRequire(import.meta.url);
export default defineConfig({
  plugins: [hardhatEthers, hardhatMocha, hardhatXdm],
  solidity: { version: "0.8.28", path: require.resolve("solc/soljson.js") },
  xdm: { chains: { opA: { protocol: "op" }, opB: { protocol: "op" }, scroll: { protocol: "scroll" }, starknet: { protocol: "starknet" } } },
});
`,
    );
    writeFileSync(
      path.join(project, "contracts", "Greeter.sol"),
      `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IL2ToL2CrossDomainMessenger } from "hardhat-xdm/contracts/interfaces/IL2ToL2CrossDomainMessenger.sol";
import { L1Handler } from "hardhat-xdm/contracts/starknet/L1Handler.sol";
import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { SuperchainERC20 } from "hardhat-xdm/contracts/op/SuperchainERC20.sol";

contract MyToken is SuperchainERC20 {
    constructor() ERC20("My Token", "MY") {
        _mint(msg.sender, 100);
    }
}

contract Greeter {
    IL2ToL2CrossDomainMessenger constant MESSENGER = IL2ToL2CrossDomainMessenger(0x4200000000000000000000000000000000000023);
    string public greeting;
    address public from;

    function greet(uint256 destination, address to, string calldata text) external {
        MESSENGER.sendMessage(destination, to, abi.encodeCall(this.receiveGreeting, (text)));
    }

    function receiveGreeting(string calldata text) external {
        require(msg.sender == address(MESSENGER), "not the messenger");
        from = MESSENGER.crossDomainMessageSender();
        greeting = text;
    }
}

contract DepositReceiver is L1Handler {
    uint256 public total;

    function deposit(uint256, uint256[] calldata payload) external onlyL1Handler {
        total += payload[0];
    }
}
`,
    );
    writeFileSync(
      path.join(project, "test", "greeter.test.ts"),
      `import { expect } from "chai";
import hre from "hardhat";

describe("a user's cross-chain test", () => {
  it("greets opB from opA through the messenger", async () => {
    const world = await hre.xdm.create();
    const { opA, opB } = world.chains;
    const a = await opA.ethers.deployContract("Greeter");
    const b = await opB.ethers.deployContract("Greeter");
    await a.greet(opB.chainId, await b.getAddress(), "hello from opA");
    await world.relayAll();
    expect(await b.greeting()).to.equal("hello from opA");
    expect(await b.from()).to.equal(await a.getAddress());
    expect(world.messages()[0].status).to.equal("relayed");
    await world.close();
  });

  it("moves a token built on the package's SuperchainERC20 base from opA to opB", async () => {
    const world = await hre.xdm.create();
    const { opA, opB } = world.chains;
    // The same deployer and nonce on both chains: the token sits at one address on each.
    const onA = await opA.ethers.deployContract("MyToken");
    const onB = await opB.ethers.deployContract("MyToken");
    expect(await onB.getAddress()).to.equal(await onA.getAddress());
    const [user] = await opA.ethers.getSigners();
    await (await opA.contracts.SuperchainTokenBridge.sendERC20(await onA.getAddress(), user.address, 40n, opB.chainId)).wait();
    await world.relayAll();
    expect(await onA.balanceOf(user.address)).to.equal(60n);
    expect(await onB.balanceOf(user.address)).to.equal(140n);
    expect((await onA.totalSupply()) + (await onB.totalSupply())).to.equal(200n);
    expect(world.messages()[0].status).to.equal("relayed");
    await world.close();
  });

  it("delivers a StarkNet deposit to an L1Handler", async () => {
    const world = await hre.xdm.create();
    const receiver = await world.chains.starknet.ethers.deployContract("DepositReceiver");
    const core = world.chains.starknet.l1Contracts.StarknetCore;
    await core.sendMessageToL2(await receiver.getAddress(), 0xde3ab781n, [42n], { value: 1000n });
    await world.relayAll();
    expect(await receiver.total()).to.equal(42n);
    await world.close();
  });
});
`,
    );
    // A Solidity test in the user's project: the shipped library forks the world the plugin serves
    // while `hardhat test solidity` runs, and relays there.
    writeFileSync(
      path.join(project, "test", "CrossChain.t.sol"),
      `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IStarknetMessaging } from "hardhat-xdm/contracts/interfaces/IStarknetMessaging.sol";
import { Xdm } from "hardhat-xdm/contracts/testing/Xdm.sol";
import { XdmStatus } from "hardhat-xdm/contracts/testing/XdmWorld.sol";
import { Greeter, DepositReceiver } from "../contracts/Greeter.sol";

contract CrossChainTest {
    function test_greets_opB_from_opA() public {
        Xdm.select("opB");
        Greeter onB = new Greeter();
        Xdm.select("opA");
        Greeter onA = new Greeter();
        onA.greet(Xdm.chainId("opB"), address(onB), "hello from a Solidity test");
        Xdm.relayAll();
        Xdm.select("opB");
        require(keccak256(bytes(onB.greeting())) == keccak256("hello from a Solidity test"), "greeted");
        require(onB.from() == address(onA), "from opA's greeter");
        require(Xdm.status(0) == XdmStatus.Relayed, "relayed");
    }

    function test_delivers_a_starknet_deposit() public {
        Xdm.select("starknet");
        DepositReceiver receiver = new DepositReceiver();
        Xdm.select("l1");
        uint256[] memory payload = new uint256[](1);
        payload[0] = 42;
        IStarknetMessaging(Xdm.l1ContractAddress("starknet", "StarknetCore")).sendMessageToL2{ value: 1000 }(
            uint256(uint160(address(receiver))),
            0xde3ab781,
            payload
        );
        Xdm.relayAll();
        Xdm.select("starknet");
        require(receiver.total() == 42, "delivered");
    }
}
`,
    );
    // The README's complete Solidity example, as a user copies it: the README stays true.
    writeFileSync(
      path.join(project, "test", "ReadmeExample.t.sol"),
      readmeSolidityExample(),
    );
    await sh(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        tarball,
        "hardhat@3.18.0",
        "@nomicfoundation/hardhat-ethers@^4.2.0",
        "@nomicfoundation/hardhat-mocha@^4.0.0",
        "mocha@^12",
        "chai@^5",
        "ethers@^6.14",
        "solc@0.8.28",
        "@openzeppelin/contracts@^5.7.0",
      ],
      project,
    );
    expect(
      readdirSync(path.join(project, "node_modules", "hardhat-xdm")),
    ).to.include("system-artifacts");

    const tests = await sh(
      process.execPath,
      [
        path.join(project, "node_modules", "hardhat", "dist", "src", "cli.js"),
        "test",
        "mocha",
      ],
      project,
    );
    expect(tests).to.include("3 passing");

    const solidityTests = await sh(
      process.execPath,
      [
        path.join(project, "node_modules", "hardhat", "dist", "src", "cli.js"),
        "test",
        "solidity",
      ],
      project,
    );
    // Two tests of CrossChain.t.sol, three of the README's example.
    expect(solidityTests).to.include("5 passing");
    expect(solidityTests).to.not.include("failing");

    // The typed system contracts reach the user: the shipped declarations resolve (dist/src imports
    // dist/types/contracts, and the registry's declarations import each module's, which declares its
    // contracts, config section and helpers), so a wrong call is a type error. Were they missing, the contracts would be `any`
    // under skipLibCheck and the @ts-expect-error lines below would themselves fail the check.
    expect(files)
      .to.include("dist/types/contracts/index.d.ts")
      .and.to.include("dist/types/contracts/L2ToL2CrossDomainMessenger.d.ts");
    mkdirSync(path.join(project, "typed"));
    writeFileSync(
      path.join(project, "typed", "contracts.ts"),
      `import hre from "hardhat";
import type { L2ToL2CrossDomainMessenger, StarknetCore } from "hardhat-xdm";

const world = await hre.xdm.create();
const messenger: L2ToL2CrossDomainMessenger = world.chains.opA.contracts.L2ToL2CrossDomainMessenger;
await messenger.sendMessage(world.chains.opB.chainId, "0x0000000000000000000000000000000000000001", "0x");
// @ts-expect-error sendMessage(destination, target, message) needs the message
await messenger.sendMessage(world.chains.opB.chainId, "0x0000000000000000000000000000000000000001");
const core: StarknetCore = world.chains.starknet.l1Contracts.StarknetCore;
// @ts-expect-error StarknetCore's L1→L2 send is sendMessageToL2
await core.sendMessage(1n, 2n, [3n]);
// The models' config sections and helpers are typed too (each module declares its own).
const confirmations: number = hre.config.xdm.scroll.l1Confirmations;
// @ts-expect-error xdm.scroll has no key "confirmations"
console.log(confirmations, hre.config.xdm.scroll.confirmations);
const expiresAt: number = world.op.expiresAt(world.messages({ protocol: "op" })[0]);
console.log(expiresAt);
`,
    );
    writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "node16",
          moduleResolution: "node16",
          target: "es2022",
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        include: ["typed/**/*.ts"],
      }),
    );
    const tsc = path.join(
      projectRoot,
      "node_modules",
      "typescript",
      "bin",
      "tsc",
    );
    await sh(
      process.execPath,
      [tsc, "-p", path.join(project, "tsconfig.json")],
      project,
    ).catch((error: unknown) => {
      const stdout =
        error instanceof Error && "stdout" in error ? String(error.stdout) : "";
      throw new Error(
        `the user's code using the typed system contracts does not type-check:\n${stdout}`,
        { cause: error },
      );
    });

    // xdm:status in the user's project, against an xdm:node started there.
    const cli = path.join(
      project,
      "node_modules",
      "hardhat",
      "dist",
      "src",
      "cli.js",
    );
    const node = spawn(process.execPath, [cli, "xdm:node", "--port", "21545"], {
      cwd: project,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    node.stdout.on("data", (c: Buffer) => (out += c.toString()));
    node.stderr.on("data", (c: Buffer) => (out += c.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(
          () =>
            out.includes("Ctrl-C to stop") && (clearInterval(timer), resolve()),
          100,
        );
        node.once("exit", (code) => {
          clearInterval(timer);
          reject(new Error(`xdm:node exited (${code}): ${out}`));
        });
      });
      const status = await sh(
        process.execPath,
        [cli, "xdm:status", "--port", "21545"],
        project,
      );
      expect(status).to.include("No cross-chain messages yet.");
    } finally {
      const exited = new Promise((resolve) => node.once("exit", resolve));
      node.kill("SIGINT");
      await exited;
    }
  });
});
