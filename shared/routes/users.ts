import { assignPasswordBody, userPath } from '../contracts/auth.ts';
import {
  changeStateBody,
  createUserBody,
  listQuery,
  updateUserBody,
  userImportBody,
  userPathParams,
} from '../contracts/users.ts';
import type { RouteDefinition } from './definition.ts';

export const assignUserPasswordRoute = {
  id: 'assignUserPassword',
  method: 'PUT',
  path: '/users/{userCode}/password',
  handler: 'functions/users/assign-password.ts',
  access: 'companyAdmin',
  otp: true,
  summary: { es: 'Asignar clave a un usuario', en: "Assign a user's password" },
  tag: 'users',
  request: { path: userPath, body: assignPasswordBody },
  response: { status: 200 },
  table: 'write',
  dualControl: true,
  memoryMb: 1024,
  // A security notification to the user: never the password, a code or a secret.
  sendsMail: true,
} as const satisfies RouteDefinition;

export const createUserRoute = {
  id: 'createUser',
  method: 'POST',
  path: '/users',
  handler: 'functions/users/create-user.ts',
  access: 'companyAdmin',
  otp: true,
  summary: { es: 'Crear un usuario (pasos 10–13)', en: 'Create a user (steps 10–13)' },
  tag: 'users',
  request: { body: createUserBody },
  response: { status: 201 },
  table: 'write',
  dualControl: true,
  idempotent: true,
} as const satisfies RouteDefinition;

export const listUsersRoute = {
  id: 'listUsers',
  method: 'GET',
  path: '/users',
  handler: 'functions/users/list-users.ts',
  access: 'companyAdmin',
  otp: false,
  summary: { es: 'Listar los usuarios de la empresa', en: "List the company's users" },
  tag: 'users',
  request: { query: listQuery },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const getUserRoute = {
  id: 'getUser',
  method: 'GET',
  path: '/users/{userCode}',
  handler: 'functions/users/get-user.ts',
  access: 'companyAdmin',
  otp: false,
  summary: { es: 'Consultar un usuario', en: 'Get a user' },
  tag: 'users',
  request: { path: userPathParams },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const updateUserRoute = {
  id: 'updateUser',
  method: 'PATCH',
  path: '/users/{userCode}',
  handler: 'functions/users/update-user.ts',
  access: 'companyAdmin',
  otp: true,
  summary: { es: 'Modificar un usuario', en: 'Modify a user' },
  tag: 'users',
  request: { path: userPathParams, body: updateUserBody },
  response: { status: 200 },
  table: 'write',
  dualControl: true,
} as const satisfies RouteDefinition;

export const changeUserStateRoute = {
  id: 'changeUserState',
  method: 'PUT',
  path: '/users/{userCode}/state',
  handler: 'functions/users/change-state.ts',
  access: 'companyAdmin',
  otp: true,
  summary: {
    es: 'Cambiar el estado de un usuario (pasos 19–23)',
    en: "Change a user's state (steps 19–23)",
  },
  tag: 'users',
  request: { path: userPathParams, body: changeStateBody },
  response: { status: 200 },
  table: 'write',
  dualControl: true,
  // A security notification to the user: never the password, a code or a secret.
  sendsMail: true,
} as const satisfies RouteDefinition;

export const validateUserImportRoute = {
  id: 'validateUserImport',
  method: 'POST',
  path: '/users/imports',
  handler: 'functions/users/validate-import.ts',
  access: 'companyAdmin',
  otp: false,
  summary: {
    es: 'Validar un archivo de usuarios a crear, sin código ni escritura',
    en: 'Validate a file of users to create, with no code and no write',
  },
  tag: 'users',
  request: { body: userImportBody },
  response: { status: 200 },
  table: 'read',
  memoryMb: 1024,
} as const satisfies RouteDefinition;

export const importUsersRoute = {
  id: 'importUsers',
  // PUT beside the validation's POST on one path: one API resource for both (the stage stack's headroom).
  method: 'PUT',
  path: '/users/imports',
  handler: 'functions/users/import-users.ts',
  access: 'companyAdmin',
  otp: true,
  dualControl: true,
  summary: {
    es: 'Crear los usuarios de un archivo CSV o Excel, con un código',
    en: 'Create the users of a CSV or Excel file, under one code',
  },
  tag: 'users',
  request: { body: userImportBody },
  response: { status: 201 },
  table: 'write',
  idempotent: true,
  memoryMb: 1024,
  timeoutSeconds: 29,
} as const satisfies RouteDefinition;

/** The users area's routes (handlers under `functions/users/`); `shared/routes.ts` assembles every area into the table. */
export const usersRoutes = [
  assignUserPasswordRoute,
  createUserRoute,
  listUsersRoute,
  getUserRoute,
  updateUserRoute,
  changeUserStateRoute,
  validateUserImportRoute,
  importUsersRoute,
] as const;
