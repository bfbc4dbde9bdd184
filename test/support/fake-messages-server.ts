/** The local Messages API server; its parts live in ./messages-api/ (one file per rule family). */
export * from "./messages-api/index.js";
